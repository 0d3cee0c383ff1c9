import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { readFileSync, writeFileSync } from 'node:fs';
const t0=Date.now(); const b = await parse(readFileSync('/tmp/vn.wat','utf8')); writeFileSync('/tmp/vn.wasm', b); console.log(b.length, Date.now()-t0);
