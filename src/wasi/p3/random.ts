// wasi:random@0.3 — random, insecure, insecure-seed — over the host's fill functions (the 0.2 code's
// helpers, with 0.3's function names).
import type { LinkerInstance } from '../../index.js';
import { insecureSeed, randomBytes, randomU64 } from '../random.js';
import type { WasiP3Context } from './common.js';

export function defineRandom(linker: LinkerInstance, cx: WasiP3Context): void {
  const { host, version: v } = cx;
  linker
    .instance(`wasi:random/random@${v}`)
    .func('get-random-bytes', (len: bigint) => randomBytes(host.random, len, true))
    .func('get-random-u64', () => randomU64(host.random));
  linker
    .instance(`wasi:random/insecure@${v}`)
    .func('get-insecure-random-bytes', (len: bigint) => randomBytes(host.insecureRandom, len, true))
    .func('get-insecure-random-u64', () => randomU64(host.insecureRandom));
  linker.instance(`wasi:random/insecure-seed@${v}`).func('get-insecure-seed', insecureSeed(host, true));
}
