// A fixed stream of pseudo-random bytes (xorshift32 from `seed`): the same in every engine and every run, for
// WASI hosts in tests (test/tiers, test/engines' driver: engine-neutral, no Node APIs).
export function seededRandom(seed: number): (buf: Uint8Array) => void {
  let x = seed | 0;
  return (buf) => {
    for (let i = 0; i < buf.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buf[i] = x & 0xff;
    }
  };
}
