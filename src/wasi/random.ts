// wasi:random's answers from the host's fill functions, shared by WASI 0.2 and 0.3 (same functions,
// renamed in 0.3): bounded byte lists, u64 words, and one insecure seed per host.
import type { WasiHost } from './host.js';

/** Largest list `get-random-bytes` returns at once (wasmtime's limit is similar): guards host memory. */
const MAX_RANDOM = 64 * 1024 * 1024;

/**
 * `len` random bytes. Above the limit 0.2 (whose result must be exactly `len` long) throws; 0.3, whose
 * `max-len` allows a short read, passes `short` and gets the limit's worth.
 */
export function randomBytes(fill: (b: Uint8Array) => void, len: bigint, short = false): Uint8Array {
  if (len > BigInt(MAX_RANDOM)) {
    if (!short) throw new RangeError(`wasi:random: ${len} bytes requested at once (limit ${MAX_RANDOM})`);
    len = BigInt(MAX_RANDOM);
  }
  const b = new Uint8Array(Number(len));
  if (b.length > 0) fill(b);
  return b;
}

export function randomU64(fill: (b: Uint8Array) => void): bigint {
  let v = 0n;
  for (const x of randomBytes(fill, 8n)) v = (v << 8n) | BigInt(x);
  return v;
}

/**
 * The insecure seed of a host: the same value at every call. WASI 0.2 draws it when it is defined (as it
 * always did: traces recorded that way replay), 0.3 at the first call (defining 0.3 beside 0.2 draws
 * nothing, so a program that never asks adds nothing to a trace).
 */
export function insecureSeed(host: WasiHost, lazy: boolean): () => [bigint, bigint] {
  const draw = (): [bigint, bigint] => [randomU64(host.insecureRandom), randomU64(host.insecureRandom)];
  let seed = lazy ? undefined : draw();
  return () => {
    seed ??= draw();
    return [seed[0], seed[1]];
  };
}
