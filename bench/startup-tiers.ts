// Start-up with the JS tier on (issue #17): instantiating a big module (default esbuild.wasm, 14 MB) in a store
// with tier 'interpreter' and with tier 'auto' and the code generator (purewasm/jit), alternated in one process, minimum of ROUNDS;
// then, with an ahead-of-time file (`purewasm compile --js`), the time to import it and to instantiate with it.
// The run-time tier compiles nothing at instantiation (a function compiles on its third call), so the first
// two should be equal.
//   npx tsx bench/startup-tiers.ts [FILE.wasm] [--aot OUT.js] [--rounds N]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Global, Instance, Memory, Module, Store, Table } from '../src/index.js';
import type { CompiledModule } from '../src/index.js';
import { jit } from '../src/jit/index.js';
import type { ImportDesc } from '../src/decoder/module.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--'))) ?? 'node_modules/esbuild-wasm/esbuild.wasm';
const ROUNDS = Number(opt('--rounds') ?? 5);
const aotFile = opt('--aot');

function stub(desc: ImportDesc): unknown {
  switch (desc.kind) {
    case 'func': return () => 0;
    case 'memory': return new Memory({ initial: desc.type.limits.min, maximum: desc.type.limits.max });
    case 'table': return new Table({ element: 'anyfunc', initial: desc.type.limits.min, maximum: desc.type.limits.max });
    case 'global': {
      const t = desc.type.type;
      return new Global({ value: t === 0x7e ? 'i64' : t === 0x7d ? 'f32' : t === 0x7c ? 'f64' : 'i32', mutable: desc.type.mutable }, t === 0x7e ? 0n : 0);
    }
    default: return undefined;
  }
}

const bytes = new Uint8Array(readFileSync(file));
let t = performance.now();
const module = new Module(bytes);
const decodeMs = performance.now() - t;
const imports: Record<string, Record<string, any>> = {}; // stubs typed by the import descriptions
for (const imp of module.validated.module.imports) (imports[imp.module] ??= {})[imp.name] = stub(imp.desc);
const best: Record<string, number> = { interpreter: Infinity, auto: Infinity };
for (let r = 0; r < ROUNDS; r++) {
  for (const tier of r % 2 === 0 ? ['interpreter', 'auto'] as const : ['auto', 'interpreter'] as const) {
    t = performance.now();
    new Instance(module, imports, { store: new Store(tier === 'auto' ? { tier, compiler: jit } : { tier }) });
    best[tier] = Math.min(best[tier], performance.now() - t);
  }
}
const out: Record<string, number | string> = {
  module: file.split('/').pop()!, decode_validate_ms: Math.round(decodeMs),
  instantiate_interpreter_ms: +best.interpreter.toFixed(1), instantiate_auto_ms: +best.auto.toFixed(1),
};
if (aotFile !== undefined) {
  t = performance.now();
  const compiled = ((await import(pathToFileURL(resolve(aotFile)).href)) as { default: CompiledModule }).default;
  out.aot_import_ms = Math.round(performance.now() - t);
  let b = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    t = performance.now();
    new Instance(module, imports, { store: new Store({ tier: 'auto' }), compiled });
    b = Math.min(b, performance.now() - t);
  }
  out.instantiate_aot_ms = +b.toFixed(1);
}
process.stdout.write(JSON.stringify(out) + '\n');
