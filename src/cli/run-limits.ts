// `purewasm run` options that bound a guest: `--fuel N` (trap 'all fuel consumed' after N wasm
// instructions, cost model in src/vm/exec/fuel.ts) and `--timeout SECONDS` (trap 'interrupted'), and how a
// trap is reported: the reason and the wasm backtrace (module offsets, name-section names) on stderr, exit
// status 134 as wasmtime on Unix. Kept apart from run.ts so the command's other options can change freely.
import { Store, Trap } from '../vm/index.js';

export interface RunLimits {
  /** The arguments without the limit options. */
  rest: string[];
  /** A store carrying the limits, or undefined when none was given. */
  store: Store | undefined;
}

/** Takes `--fuel N` / `--fuel=N` and `--timeout S` / `--timeout=S` out of `args`. */
export function takeRunLimits(args: readonly string[]): RunLimits {
  let fuel: number | undefined;
  let timeout: number | undefined;
  const rest: string[] = [];
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || v === '' || !(n >= 0)) throw new Error(`${flag} expects a non-negative number, got ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--fuel') fuel = num(a, args[++i]);
    else if (a.startsWith('--fuel=')) fuel = num('--fuel', a.slice(7));
    else if (a === '--timeout') timeout = num(a, args[++i]);
    else if (a.startsWith('--timeout=')) timeout = num('--timeout', a.slice(10));
    else rest.push(a);
  }
  if (fuel === undefined && timeout === undefined) return { rest, store: undefined };
  const store = new Store(fuel !== undefined ? { fuel } : { interruptible: true });
  if (timeout !== undefined) store.setDeadline(timeout);
  return { rest, store };
}

/** Prints a trap as wasmtime does (reason, then the backtrace) and returns the exit status 134. */
export function reportTrap(e: Trap, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  write(`purewasm: wasm trap: ${e.reason}\n`);
  if (e.wasmStack.length > 0) {
    write('wasm backtrace:\n');
    e.wasmStack.forEach((f, i) => {
      const at = f.offset === undefined ? '' : `0x${f.offset.toString(16)}`;
      const name = f.name ?? `<wasm function ${f.funcIndex}>`;
      write(`  ${String(i).padStart(4)}: ${at.padStart(8)} - ${name}\n`);
    });
  }
  return 134;
}
