// `npx tsx bench/replay.ts`: the cost of record and replay (issue 16), in one process, interleaved.
//   1. wasi_all.wasm (the six kernels as one WASI command): a plain run (WasiP1 over the portable host, as
//      `purewasm run` does), a recorded run, and a replay of that recording; ROUNDS rounds alternating the
//      order, minimum per side.
//   2. A host-call loop (per iteration: clock_time_get, random_get of 8 bytes, fd_write of 1 byte), N
//      iterations: the same three sides, plus the trace's bytes per host call.
// The machine may be loaded by other work: only ratios measured here, in one process, mean anything.
// ROUNDS (default 7), N (loop iterations, default 20,000); SKIP_ALL=1 measures the loop only.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Instance, Module, Store } from '../src/index.js';
import { WasiP1, portableWasiHost, type WasiHost } from '../src/wasi/index.js';
import { readEnd, record, replay } from '../src/replay/index.js';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const dir = resolve(process.env.PUREWASM_SHARED ?? '../shared', 'bench/wasm');
const sink = { write: () => {} };
const host = (): WasiHost => portableWasiHost({ args: ['bench'], stdout: sink, stderr: sink });

function plain(bytes: Uint8Array): number {
  const wasi = new WasiP1(host());
  return wasi.start(new Instance(new Module(bytes), wasi.imports, { store: new Store() }));
}

function measure(name: string, bytes: Uint8Array): void {
  const trace = record(bytes, { host: host() }).trace;
  const sides: [string, () => unknown][] = [
    ['run', () => plain(bytes)],
    ['record', () => record(bytes, { host: host() })],
    ['replay', () => replay(trace, bytes, { stdout: sink, stderr: sink })],
  ];
  const best: Record<string, number> = {};
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? sides : [...sides].reverse();
    for (const [side, f] of order) {
      const t = performance.now();
      f();
      const d = performance.now() - t;
      best[side] = Math.min(best[side] ?? Infinity, d);
    }
  }
  const calls = readEnd(trace).end.calls;
  console.log(`${name}: run ${best.run.toFixed(1)} ms, record ${best.record.toFixed(1)} ms (x${(best.record / best.run).toFixed(3)}), ` +
    `replay ${best.replay.toFixed(1)} ms (x${(best.replay / best.run).toFixed(3)}); trace ${trace.length} bytes, ` +
    `${calls} host calls, ${(trace.length / Math.max(1, calls)).toFixed(1)} bytes per host call`);
}

const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
const N = Number(process.env.N ?? 20000);
const loop = await parse(`(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $i i32)
    (i32.store (i32.const 100) (i32.const 0)) (i32.store (i32.const 104) (i32.const 1))
    (loop $l
      (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 16)))
      (drop (call $random (i32.const 24) (i32.const 8)))
      (drop (call $write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 108)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const ${N}))))))`);

if (process.env.SKIP_ALL === undefined) measure('wasi_all.wasm', new Uint8Array(readFileSync(`${dir}/wasi_all.wasm`)));
measure(`host-call loop (${N} x clock + random + write)`, loop);
