import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { writeFileSync } from 'node:fs';
const t = process.argv[2]; 
const b = await parse(t); writeFileSync('/tmp/out.wasm', b); console.log(b.length);
