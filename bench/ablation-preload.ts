// Preload for checking correctness with translator optimizations off, e.g. the spec suites:
//   PUREWASM_DISABLE=all node --import tsx --import ./bench/ablation-preload.ts spec-tests/run.ts --suite core-2.0
// PUREWASM_DISABLE: `all` or comma-separated families of src/vm/translate/options.ts. Child processes
// forked with the same execArgv (the spec runner's workers) load it too. Only bench/ reads this variable.
import { OPTIMIZATION_FAMILIES, translateOptions } from '../src/vm/translate/options.js';

const spec = process.env.PUREWASM_DISABLE ?? '';
if (spec !== '') {
  const off = spec === 'all' ? [...OPTIMIZATION_FAMILIES] : spec.split(',');
  for (const f of off) if (!(OPTIMIZATION_FAMILIES as readonly string[]).includes(f)) throw new Error(`unknown optimization family ${f}`);
  translateOptions.disabled = new Set(off);
}
