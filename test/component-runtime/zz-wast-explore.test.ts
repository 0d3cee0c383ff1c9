import { it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runComponentWast } from './wast-driver.js';
const ROOT = join(__dirname, '../../../shared/fixtures/spec/component');
function walk(d: string): string[] {
  return readdirSync(d).flatMap((f) => { const p = join(d, f); return statSync(p).isDirectory() ? walk(p) : p.endsWith('.wast') ? [p] : []; });
}
it('explore', async () => {
  const nyi = new Set(readFileSync(join(ROOT, 'component-model/nyi.txt'), 'utf8').split('\n').map((s) => s.trim()).filter(Boolean));
  let P = 0, F = 0; const fails: string[] = [];
  for (const suite of ['wasmtime', 'component-model']) {
    for (const f of walk(join(ROOT, suite))) {
      const src = readFileSync(f, 'utf8').slice(0, 2000);
      if (/;;!\s*\w*(async|threading|error_context)\w*\s*=\s*true/.test(src)) continue;
      if (f.includes('/async/')) continue;
      if ([...nyi].some((n) => f.endsWith(n.replace(/^\.\//, '')))) continue;
      const t = await runComponentWast(f);
      P += t.pass; F += t.fail; fails.push(...t.failures);
      console.log(`${f.replace(ROOT + '/', '')}: pass ${t.pass} fail ${t.fail}`);
    }
  }
  console.log(`TOTAL pass ${P} fail ${F}`);
  console.log(fails.slice(0, 400).join('\n'));
}, 600000);
