// Static check of src/ for what breaks the engines purewasm runs in (see scan.ts). The Node-only parts are
// exempt: src/cli/ and the Node half of WASI (src/wasi/node*); `new Function` is allowed in the JS tier's
// runtime.ts only. The engine phase of `make test`
// (test/engines) runs the bundle in those engines; this test names the file and line before that.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSource } from './scan.js';

const ROOT = join(__dirname, '../..');
const SRC = join(ROOT, 'src');

function isExempt(rel: string): boolean {
  return rel.startsWith('src/cli/') || /^src\/wasi\/node/.test(rel);
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('portability: src/ uses nothing our engines lack', () => {
  it('the scanner finds each kind of offence and ignores mentions in comments, strings and names', () => {
    const sample = [
      "import { readFileSync } from 'node:fs';", // 1
      "import type { Stats } from 'node:fs';", // 2: type-only, erased
      "// new TextDecoder() in a comment, eval(x), WebAssembly.Module", // 3
      "const msg = 'WeakRef and TextEncoder are missing in Hermes';", // 4
      'const d = new TextDecoder();', // 5
      'const w = new WeakRef({});', // 6
      'const f = new Function("return 1");', // 7
      'eval("1");', // 8
      'const m = globalThis.WebAssembly;', // 9
      'const n = await Promise.resolve(1);', // 10
      "async function ok() { await import('./x.js'); }", // 11: await inside a function
      "if (typeof FinalizationRegistry === 'undefined') {}", // 12: a probe
      'const o = { TextEncoder: 1, eval: 2 }; o.TextEncoder;', // 13: property names
      'type T = typeof WebAssembly;', // 14: a type
      "const z = require('crypto');", // 15
      'const r = new FinalizationRegistry(() => {});', // 16
    ].join('\n');
    const found = scanSource('sample.ts', sample).map((o) => `${o.line}: ${o.what.split(' ')[0]}`);
    expect(found).toEqual([
      '1: import',
      '5: TextDecoder',
      '6: WeakRef',
      '7: new',
      '8: eval',
      '9: globalThis.WebAssembly:',
      '10: top-level',
      '15: import',
      '16: FinalizationRegistry',
    ]);
  });

  it('a local binding with a forbidden name is not the global', () => {
    expect(scanSource('local.ts', 'function f(TextDecoder: unknown) { return TextDecoder; }')).toEqual([]);
  });

  it('no offence in src/ outside src/cli and src/wasi/node*', () => {
    const files = sourceFiles(SRC).filter((p) => !isExempt(relative(ROOT, p)));
    expect(files.length).toBeGreaterThan(50);
    const offences = files.flatMap((p) => scanSource(relative(ROOT, p), readFileSync(p, 'utf8')))
      // The optional JS tier may generate code where the engine allows it: it probes `new Function` inside
      // try/catch and falls back to the interpreter (docs/ARCHITECTURE.md, "JS tier"). Nowhere else.
      .filter((o) => !(o.file === 'src/vm/jstier/runtime.ts' && o.what.startsWith('new Function')));
    // One line per offence, so the failure message says where and what.
    expect(offences.map((o) => `${o.file}:${o.line}: ${o.what}`)).toEqual([]);
  });
});
