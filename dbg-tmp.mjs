import { readFileSync } from 'node:fs';
const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
const src = readFileSync(process.argv[2], 'utf8');
const name = process.argv[3];
const start = src.indexOf(`(core module ${name}`);
let depth = 0, i = start;
for (; i < src.length; i++) { if (src[i] === '(') depth++; else if (src[i] === ')') { depth--; if (depth === 0) break; } }
let text = src.slice(start, i + 1).replace(`(core module ${name}`, '(module');
const bytes = await parse(text);
const offs = [];
for (let k = 0; k + 3 < bytes.length; k++) if (bytes[k] === 0x04 && bytes[k+1] === 0x40 && bytes[k+2] === 0x00 && bytes[k+3] === 0x0b) offs.push(k + 2);
console.log(offs.join(' '));
const u = [];
for (let k = 0; k < bytes.length; k++) if (bytes[k] === 0x00 && bytes[k-1] === 0x40 ) u.push(k);
console.log(bytes.length, u.join(' '));
