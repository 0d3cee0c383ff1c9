// Real WASI programs (the wasi-testsuite's, as a preview1 module, as a WASI 0.2 component, and a WASI 0.3
// command) run through purewasm/wasi's portable host: shared by prepare.ts (Node, purewasm from src/, which
// gives the expected outcome) and driver/wasi.ts (each engine, the artifacts), so both run them the same way.
// No Node APIs: files in memory, stdio to callbacks, a seeded random source (Hermes and QuickJS have no
// crypto.getRandomValues; a React Native app passes its own the same way).
import type * as Purewasm from '../../../src/index.js';
import type * as PurewasmWasi from '../../../src/wasi/index.js';
import type * as PurewasmAsync from '../../../src/async/index.js';
import { seededRandom } from '../../seeded-random.js';

/** One program: its bytes (`m`, an index of the data's binaries), its form, and what it is given. */
export interface WasiProgram {
  /** Its argv[0]. */
  readonly name: string;
  readonly m: number;
  readonly form: 'preview1' | 'p2' | 'p3';
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly stdin: string;
  /** An empty in-memory directory preopened as '/' (the wasi-testsuite's file programs clean up after themselves). */
  readonly preopen: boolean;
}

export interface WasiOutcome {
  readonly exit: number | string;
  readonly stdout: string;
  readonly stderr: string;
}


const text = (bytes: number[]): string => bytes.map((b) => String.fromCharCode(b)).join('');

/** Runs `program` with purewasm `p`, its WASI hosts `w` and component-model async (for WASI 0.3). */
export async function runWasiProgram(p: typeof Purewasm, w: typeof PurewasmWasi, componentAsync: PurewasmAsync.ComponentAsync, program: WasiProgram, bytes: Uint8Array): Promise<WasiOutcome> {
  const stdout: number[] = [];
  const stderr: number[] = [];
  const fs = new w.MemoryFilesystem();
  fs.mkdirp('/sandbox');
  const host = w.portableWasiHost({
    args: [program.name, ...program.args], env: { ...program.env }, stdin: program.stdin,
    stdout: (b) => void stdout.push(...b), stderr: (b) => void stderr.push(...b),
    random: seededRandom(0x9e3779b9), fs, preopens: program.preopen ? { '/': '/sandbox' } : {},
  });
  let exit: number | string;
  try {
    if (program.form === 'preview1') {
      const wasi = new w.WasiP1(host);
      exit = wasi.start(new p.Instance(new p.Module(bytes), wasi.imports));
    } else if (program.form === 'p2') {
      const linker = new p.Linker();
      const p2 = w.addWasiToLinker(linker, host);
      exit = p2.run(linker.instantiate(new p.Component(bytes)));
    } else {
      const linker = new p.Linker();
      w.addWasiToLinker(linker, host);
      const p3 = new w.WasiP3(host).addToLinker(linker);
      exit = await p3.runAsync(linker.instantiate(new p.Component(bytes, { componentAsync })));
    }
  } catch (e) {
    exit = `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
  return { exit, stdout: text(stdout), stderr: text(stderr) };
}
