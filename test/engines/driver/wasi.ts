// Engine side: real WASI programs through purewasm/wasi's portable host (the global `purewasmWasi`, a script
// over the global `purewasm`; WASI 0.3 with `purewasmAsync`), each against what it did on Node (exit code,
// stdout, stderr): the promise that WASI programs run where WebAssembly is missing, checked where it is.
import type { EngineData } from '../data-format.js';
import type * as PurewasmWasi from '../../../src/wasi/index.js';
import { api, componentPacks } from './api.js';
import type { Tally } from './tally.js';
import { runWasiProgram } from './wasi-programs.js';

function wasiApi(): typeof PurewasmWasi {
  const g = (globalThis as unknown as { purewasmWasi?: typeof PurewasmWasi }).purewasmWasi;
  if (g === undefined) throw new Error('the global `purewasmWasi` is missing: the bundle did not load it');
  return g;
}

export async function runWasi(programs: EngineData['wasi'], binary: (m: number) => Uint8Array, t: Tally): Promise<void> {
  const w = wasiApi();
  for (const { program, expected } of programs) {
    const where = `wasi/${program.form}/${program.name}`;
    const got = await runWasiProgram(api(), w, componentPacks().componentAsync, program, binary(program.m));
    for (const k of ['exit', 'stdout', 'stderr'] as const) {
      if (got[k] === expected[k]) t.pass();
      else t.fail(where, `${k}: expected ${JSON.stringify(expected[k])}, got ${JSON.stringify(got[k])}`);
    }
  }
}
