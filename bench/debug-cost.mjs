// What attaching the debugger costs (issue #15 item 5), in one process: each kernel runs in a plain store
// and in a debug store (`new Store({ debug })`, `debug` of purewasm/debug) with a Debugger attached and a breakpoint set in a
// function the kernel never calls, alternating; prints debug/plain per kernel (minimum per side). The plain
// store interprets too (`tier: 'interpreter'`): a debug store always interprets, so what the JS tier gains
// elsewhere is not a cost of the debugger (the JS tier's own figures are in bench/RESULTS.md). With
// FUEL=1 the debug store also meters fuel as `purewasm debug` does (it yields every 20 M instructions). Build:
//   esbuild bench/debug-entry.ts --bundle --platform=neutral --format=esm --outfile=/tmp/debug-bundle.mjs
//   node bench/debug-cost.mjs /tmp/debug-bundle.mjs            (and with --jitless)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
const P = await import(resolve(process.argv[2]));
const jitless = process.execArgv.includes('--jitless');
const TARGET = jitless ? 150 : 60, ROUNDS = jitless ? 5 : 9;
const dir = resolve(process.env.PUREWASM_SHARED ?? '../shared', 'bench/wasm') + '/';
const names = ['fib', 'i64mix', 'nbody', 'sha256', 'sort', 'vm'];
// CPU time of this process (ms), not wall time: on a loaded machine the wall clock also counts the time
// other processes had the CPU.
const now = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const out = {};
for (const name of names) {
  const bytes = readFileSync(dir + name + '.wasm');
  const plain = new P.Instance(new P.Module(bytes), {}, { store: new P.Store({ tier: 'interpreter' }) }).exports;
  const store = new P.Store(process.env.FUEL === '1' ? { debug: P.debug, fuel: 1e15 } : { debug: P.debug });
  const dbg = new P.Debugger(store);
  const debugged = new P.Instance(new P.Module(bytes), {}, { store }).exports;
  // a breakpoint that is never reached: the first instruction of `default_n` (every kernel exports it for
  // the harness; `run` never calls it). (Until 2026-12-06 this took the first function not named `run`,
  // which in fib, sort and sha256 is the kernel's own callee: a breakpoint reached on every call.)
  const map = dbg.modules()[0];
  const f = map.definedFuncs().find((x) => map.wasmName(x) === 'default_n');
  if (f === undefined) throw new Error(name + ': no default_n export');
  const bp = dbg.setBreakpoint({ address: map.firstInstruction(f) });
  let n = 1; for (;;) { const t = now(); plain.run(n); const d = now() - t; if (d > TARGET / 4) { n = Math.max(1, Math.round(n * TARGET / d)); break; } n *= 2; }
  if ((plain.run(n) >>> 0) !== (debugged.run(n) >>> 0)) throw new Error('checksum ' + name);
  let ma = Infinity, mb = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    for (const [e, side] of r % 2 === 0 ? [[plain, 'a'], [debugged, 'b']] : [[debugged, 'b'], [plain, 'a']]) {
      const t = now(); e.run(n); const d = now() - t;
      if (side === 'a') ma = Math.min(ma, d); else mb = Math.min(mb, d);
    }
  }
  if (bp.hits !== 0) throw new Error(name + ': the breakpoint was reached');
  out[name] = +(mb / ma).toFixed(3);
}
out.geomean = +Math.exp(names.reduce((s, k) => s + Math.log(out[k]), 0) / names.length).toFixed(3);
// A module with DWARF (C at -O0, the debugger fixtures' fib.O0.wasm): stop barriers only at statement starts.
{
  const bytes = readFileSync(resolve(process.env.PUREWASM_SHARED ?? '../shared', 'fixtures/debug/fib.O0.wasm'));
  const plain = new P.Instance(new P.Module(bytes), {}, { store: new P.Store({ tier: 'interpreter' }) }).exports;
  const store = new P.Store(process.env.FUEL === '1' ? { debug: P.debug, fuel: 1e15 } : { debug: P.debug });
  const dbg = new P.Debugger(store, { sourceInfo: P.loadSourceInfo });
  const debugged = new P.Instance(new P.Module(bytes), {}, { store }).exports;
  dbg.setBreakpoint({ file: 'fib.c', line: 60 }); // a line with no code: nothing patched where it runs
  let n = 10; for (;;) { const t = now(); plain.run_fib(n); const d = now() - t; if (d > TARGET / 4) break; n += 2; }
  if (plain.run_fib(n) !== debugged.run_fib(n)) throw new Error('checksum fib.O0');
  let ma = Infinity, mb = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    for (const [e, side] of r % 2 === 0 ? [[plain, 'a'], [debugged, 'b']] : [[debugged, 'b'], [plain, 'a']]) {
      const t = now(); e.run_fib(n); const d = now() - t;
      if (side === 'a') ma = Math.min(ma, d); else mb = Math.min(mb, d);
    }
  }
  out['fib.O0 (DWARF)'] = +(mb / ma).toFixed(3);
}
console.log(JSON.stringify(out));
