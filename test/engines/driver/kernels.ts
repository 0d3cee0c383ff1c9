// Engine side: benchmark kernels (C programs compiled to wasm) at a small n. The checksum of run(n) and a
// hash of the final memory must equal what Node's WebAssembly computed at preparation time — interpreted,
// and in a store with the JS tier's code generator (purewasm/jit) compiling every function on its first call
// where the engine has `new Function` (the rest of the time, interpreted too: the checks hold either way).
import type { CoreSmoke } from '../data-format.js';
import { memoryHash } from '../data-format.js';
import { api, jit } from './api.js';
import { type Tally, describe } from './tally.js';

/** Whether this engine runs code made by `new Function` (Hermes builds and CSPs may not). */
export function evalWorks(): boolean {
  try {
    return (new Function('return 2 + 3') as () => number)() === 5;
  } catch {
    return false;
  }
}

export function runKernels(list: readonly CoreSmoke[], binary: (m: number) => Uint8Array, tally: Tally): void {
  const p = api();
  let compiled = 0;
  for (const [k, tier] of list.flatMap((k) => [[k, 'interpreter'], [k, 'js']] as const)) {
    const where = `bench/wasm/${k.file} run(${k.n})${tier === 'js' ? ' with purewasm/jit' : ''}`;
    const t0 = Date.now();
    try {
      const options = tier === 'js' ? { store: new p.Store({ tier, compiler: jit() }) } : {};
      const inst = new p.Instance(new p.Module(binary(k.m)), {}, options);
      const [r] = inst.invoke('run', [{ type: 'i32', value: k.n }]);
      const got = r !== undefined && r.type === 'i32' ? r.value | 0 : undefined;
      if (got === k.result) tally.pass();
      else tally.fail(where, `expected ${k.result} (Node's WebAssembly), got ${got === undefined ? JSON.stringify(r) : got}`);
      const buffer = (inst.exports.memory as { buffer: ArrayBuffer }).buffer;
      const hash = memoryHash(new Int32Array(buffer));
      if (buffer.byteLength === k.memoryBytes && hash === k.memoryHash) tally.pass();
      else tally.fail(where, `final memory differs from Node's: ${buffer.byteLength} bytes hash ${hash}, expected ${k.memoryBytes} bytes hash ${k.memoryHash}`);
      if (tier === 'js') compiled += inst.store.funcs.filter((f) => f.body !== null).length;
    } catch (e) {
      tally.fail(where, describe(e));
    }
    tally.time(where, Date.now() - t0);
  }
  // Where the engine runs `new Function`, the generator really compiled functions.
  if (evalWorks()) {
    if (compiled > 0) tally.pass();
    else tally.fail('kernels with purewasm/jit', 'no function was compiled to JS although this engine has new Function');
  }
}
