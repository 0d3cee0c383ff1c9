import { readFileSync } from 'node:fs';
import { Component } from './src/component/component.js';
for (const f of process.argv.slice(2)) {
  const b = readFileSync(f);
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) Component.decode(b);
  console.log(f.split('/').pop(), b.length, ((performance.now() - t0) / 5).toFixed(1), 'ms');
}
