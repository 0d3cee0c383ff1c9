import { componentEmbed, componentNew, componentWit } from '@bytecodealliance/jco-transpile/wasm-tools';
import { readFileSync } from 'node:fs';
import { Component } from './src/component/component.js';
import { FIXTURES, wasmFiles, isComponent, rootWorld, normalizeWit } from './test/component/helpers.js';
let ok = 0, bad = 0;
for (const f of wasmFiles(FIXTURES)) {
  const b = readFileSync(f);
  if (!isComponent(b)) continue;
  const mine = Component.decode(b).toWit();
  try {
    const emb = await componentEmbed({ witSource: mine, dummy: true, world: 'root' });
    const comp = await componentNew(emb, []);
    const wit2 = await componentWit(comp);
    const ref = await componentWit(b);
    const eq = JSON.stringify(normalizeWit(rootWorld(wit2))) === JSON.stringify(normalizeWit(rootWorld(ref)));
    if (eq) ok++; else { bad++; console.log('DIFF', f); }
  } catch (e) { bad++; console.log('FAIL', f.slice(FIXTURES.length), String(e).slice(0, 300)); }
}
console.log({ ok, bad });
