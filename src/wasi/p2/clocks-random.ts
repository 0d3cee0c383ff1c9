// wasi:clocks (monotonic-clock, wall-clock) and wasi:random (random, insecure, insecure-seed).
import type { LinkerInstance } from '../../index.js';
import { hostResource } from '../../index.js';
import type { WasiHost } from '../host.js';
import { toCount, type WasiResources } from './common.js';
import { timerPollable } from './io.js';

/** Largest list `get-random-bytes` returns at once (wasmtime's limit is similar): guards host memory. */
const MAX_RANDOM = 64 * 1024 * 1024;

function datetime(ns: bigint): { seconds: bigint; nanoseconds: number } {
  return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
}

function u64(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export function defineClocksRandom(linker: LinkerInstance, res: WasiResources, host: WasiHost, version: string): void {
  const c = host.clocks;
  linker
    .instance(`wasi:clocks/monotonic-clock@${version}`)
    .resource('pollable', res.pollable)
    .func('now', () => c.monotonic())
    .func('resolution', () => c.monotonicResolution)
    .func('subscribe-instant', (when: bigint) => hostResource(res.pollable, timerPollable(c, when)))
    .func('subscribe-duration', (d: bigint) => hostResource(res.pollable, timerPollable(c, c.monotonic() + d)));
  linker
    .instance(`wasi:clocks/wall-clock@${version}`)
    .func('now', () => datetime(c.realtime()))
    .func('resolution', () => datetime(c.realtimeResolution));

  const bytes = (fill: (b: Uint8Array) => void, len: bigint) => {
    if (len > BigInt(MAX_RANDOM)) throw new RangeError(`wasi:random: ${len} bytes requested at once (limit ${MAX_RANDOM})`);
    const b = new Uint8Array(toCount(len));
    if (b.length > 0) fill(b);
    return b;
  };
  const word = (fill: (b: Uint8Array) => void) => u64(bytes(fill, 8n));
  linker
    .instance(`wasi:random/random@${version}`)
    .func('get-random-bytes', (len: bigint) => bytes(host.random, len))
    .func('get-random-u64', () => word(host.random));
  linker
    .instance(`wasi:random/insecure@${version}`)
    .func('get-insecure-random-bytes', (len: bigint) => bytes(host.insecureRandom, len))
    .func('get-insecure-random-u64', () => word(host.insecureRandom));
  // One seed per host: insecure-seed must return the same value every call.
  const seed = [word(host.insecureRandom), word(host.insecureRandom)];
  linker.instance(`wasi:random/insecure-seed@${version}`).func('insecure-seed', () => seed.slice());
}
