// wasi:clocks (monotonic-clock, wall-clock) and wasi:random (random, insecure, insecure-seed).
import type { LinkerInstance } from '../../index.js';
import { hostResource } from '../../index.js';
import type { WasiHost } from '../host.js';
import type { WasiResources } from './common.js';
import { datetime } from '../datetime.js';
import { insecureSeed, randomBytes, randomU64 } from '../random.js';
import { timerPollable } from './io.js';

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

  linker
    .instance(`wasi:random/random@${version}`)
    .func('get-random-bytes', (len: bigint) => randomBytes(host.random, len))
    .func('get-random-u64', () => randomU64(host.random));
  linker
    .instance(`wasi:random/insecure@${version}`)
    .func('get-insecure-random-bytes', (len: bigint) => randomBytes(host.insecureRandom, len))
    .func('get-insecure-random-u64', () => randomU64(host.insecureRandom));
  linker.instance(`wasi:random/insecure-seed@${version}`).func('insecure-seed', insecureSeed(host, false));
}
