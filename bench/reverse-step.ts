// The cost of going back in time (issue #16): a kernel runs under the debugger with time travel (snapshots
// every INTERVAL instructions, default the debugger's 2 M) until a breakpoint hit late in the run; then one
// reverse instruction step and one reverse continue are timed (each: end the paused call, scan from the
// nearest snapshot with the candidates patched, land). Prints the forward time to the stop, the clock there,
// the snapshots held and their bytes, and the time of each travel (CPU ms of this process).
//   N=RUN_ARG node --import tsx bench/reverse-step.ts [KERNEL] [HIT]        e.g. N=20 … sha256 4000
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Instance, Module, Store, callAsync } from '../src/index.js';
import { Debugger, TimeTravel, debug } from '../src/debug/index.js';

const name = process.argv[2] ?? 'sha256';
const hit = Number(process.argv[3] ?? 400);
const interval = Number(process.env.INTERVAL ?? 2_000_000);
const bytes = readFileSync(resolve(process.env.PUREWASM_SHARED ?? '../shared', `bench/wasm/${name}.wasm`));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

const store = new Store({ debug, fuel: interval, outOfFuel: 'suspend' });
const inst = new Instance(new Module(bytes), {}, { store });
const dbg = new Debugger(store);
const travel = new TimeTravel(dbg, { interval });
const map = dbg.modules()[0];
// the kernel's most called function besides `run`: its first instruction, at the HIT-th call
const f = map.definedFuncs().find((x) => map.wasmName(x) !== 'run') ?? map.definedFuncs()[0];
dbg.setBreakpoint({ address: map.firstInstruction(f) }, String(hit));
const marks: [string, number][] = [];
let t = cpu();
let phase = 0;
dbg.on((e) => {
  if (e.kind !== 'stopped') return;
  const now = cpu();
  marks.push([['forward to the stop', 'reverse instruction step', 'reverse continue'][phase] ?? 'end', now - t]);
  if (phase === 0) marks.push(['clock at the stop (instructions)', e.stop.time]);
  phase++;
  t = cpu();
  if (phase === 1) dbg.stepBack('instruction');
  else if (phase === 2) dbg.reverseContinue();
  else {
    dbg.clearBreakpoints();
    dbg.continue();
  }
});
await dbg.run(() => travel.run(() => callAsync((inst.exports as Record<string, (n: number) => number>).run, Number(process.env.N ?? 2))));
const snapshotBytes = (travel as unknown as { snapshots: { bytes: Uint8Array }[] }).snapshots.reduce((s, x) => s + x.bytes.length, 0);
console.log(JSON.stringify({ kernel: name, interval, snapshots: travel.snapshotCount, snapshotBytes, ...Object.fromEntries(marks.map(([k, v]) => [k, Math.round(v)])) }));
