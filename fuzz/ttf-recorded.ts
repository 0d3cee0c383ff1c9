// The newer oracle's logs of a few fixed seeds (ttf-recorded.json), so that `make test` checks purewasm's
// tiers on the sets only Node 26 judges (ttf.test.ts) without downloading it (a 57 MB tarball, 150 MB
// unpacked: see scripts/install-oracle-node.mjs). Each log is keyed by its set and seed and by the hash of
// the module binaryen made: a new binaryen (or a change of the generator or of the harness's module
// rewriting) makes other modules, which the test reports as "re-record" instead of comparing stale logs.
//
//   node scripts/install-oracle-node.mjs && npm run --silent fuzz -- --record
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { ORACLE_NODE_VERSION } from '../scripts/install-oracle-node.mjs';
import type { Oracle } from './oracle.js';
import type { Binaryen } from './ttf-gen.js';
import { exposeState } from './ttf-shell.js';
import type { ModuleShape } from './ttf-shell.js';

/** The recorded seeds by set, picked from the first 12 for many calls, logs, traps and exceptions. */
export const RECORDED_SEEDS: Readonly<Record<string, readonly number[]>> = {
  eh: [8, 11],
  gc: [2],
  memory64: [8],
  multimemory: [8],
  threads: [2],
  real: [10],
  newer: [2, 10],
};

const FILE = new URL('ttf-recorded.json', import.meta.url);
export const RERECORD = 'node scripts/install-oracle-node.mjs && npm run --silent fuzz -- --record';

interface Recording {
  readonly oracle: string;
  /** By "set seed": the module's hash and the oracle's log (or its compile error). */
  readonly runs: Record<string, { readonly module: string; readonly log?: string[]; readonly compileError?: string }>;
}

/** The hash a module's recording is kept under (of the module the harness runs: after exposeState). */
export function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** The oracle of the recorded runs: answers for the modules it has a log of, and throws for any other. */
export class RecordedOracle implements Oracle {
  private readonly recording = JSON.parse(readFileSync(FILE, 'utf8')) as Recording;

  /** The module hash recorded for `set` `seed` (undefined: not recorded). */
  moduleOf(set: string, seed: number): string | undefined {
    return this.recording.runs[`${set} ${seed}`]?.module;
  }

  run(bytes: Uint8Array): { log: string[] } | { compileError: string } {
    const hash = hashOf(bytes);
    const run = Object.values(this.recording.runs).find((r) => r.module === hash);
    if (run === undefined) throw new Error(`no recorded log of module ${hash}: re-record with ${RERECORD}`);
    return run.log !== undefined ? { log: run.log } : { compileError: run.compileError ?? '' };
  }
}

/** Records `oracle`'s logs of RECORDED_SEEDS into ttf-recorded.json (`shapeOf`: a module's ModuleShape). */
export async function record(binaryen: Binaryen, oracle: Oracle, shapeOf: (bytes: Uint8Array) => ModuleShape): Promise<void> {
  const runs: Recording['runs'] = {};
  for (const [set, seeds] of Object.entries(RECORDED_SEEDS)) {
    for (const seed of seeds) {
      const bytes = exposeState(await binaryen.generate(seed, set));
      runs[`${set} ${seed}`] = { module: hashOf(bytes), ...oracle.run(bytes, shapeOf(bytes)) };
    }
  }
  const recording: Recording = { oracle: `node ${ORACLE_NODE_VERSION}`, runs };
  writeFileSync(FILE, `${JSON.stringify(recording, null, 1)}\n`);
}
