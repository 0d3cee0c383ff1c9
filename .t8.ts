import { componentWit } from '@bytecodealliance/jco-transpile/wasm-tools';
import { readFileSync } from 'node:fs';
import { Component } from './src/component/component.js';
import { FIXTURES, wasmFiles, isComponent, rootWorld, normalizeWit } from './test/component/helpers.js';
let ok = 0, bad = 0;
for (const f of wasmFiles(FIXTURES)) {
  const b = readFileSync(f);
  if (!isComponent(b)) continue;
  let mine: string;
  try { mine = Component.decode(b).toWit(); } catch (e) { console.log('FAIL', f, String(e)); bad++; continue; }
  let ref: string;
  try { ref = await componentWit(b); } catch (e) { console.log('REF FAIL', f, String(e).slice(0,200)); continue; }
  const a = normalizeWit(rootWorld(mine)), r = normalizeWit(rootWorld(ref));
  if (JSON.stringify(a) === JSON.stringify(r)) ok++;
  else { bad++; console.log('DIFF', f); const sa = new Set(a), sr = new Set(r); console.log('  mine-only:', a.filter(x=>!sr.has(x)).slice(0,8)); console.log('  ref-only:', r.filter(x=>!sa.has(x)).slice(0,8)); }
}
console.log({ ok, bad });
