import { componentWit } from '@bytecodealliance/jco-transpile/wasm-tools';
import { readFileSync } from 'node:fs';
console.log(await componentWit(readFileSync(process.argv[2])));
