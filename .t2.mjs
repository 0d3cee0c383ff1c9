import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
const hex = (b) => Array.from(b).map(x=>x.toString(16).padStart(2,'0')).join(' ');
for (const t of process.argv.slice(2)) { try { console.log(t, '\n ', hex(await parse(t)).slice(24)); } catch (e) { console.log(t, 'ERR', e.message.slice(0,300)); } }
