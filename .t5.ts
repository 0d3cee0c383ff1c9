import { validateComponent } from './src/component/validate.js';
import { readFileSync } from 'node:fs';
const b = readFileSync(process.argv[2] ?? '/tmp/out.wasm');
const t0 = Date.now();
try { validateComponent(b); console.log('ok'); } catch (e) { console.log(String(e)); }
console.log(Date.now() - t0, 'ms');
