// Times as wasi:clocks and wasi:filesystem pass them: seconds and nanoseconds (0.2's `datetime`, 0.3's
// `instant`), and the `new-timestamp` variant of set-times. The host works in nanoseconds since the epoch.
import type { TimeSpec } from './host.js';

export type Datetime = { seconds: bigint; nanoseconds: number };
export type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };

/** Nanoseconds → seconds and nanoseconds in [0, 1e9) (floor division: a time before the epoch too). */
export function datetime(ns: bigint): Datetime {
  let seconds = ns / 1_000_000_000n;
  let rest = ns - seconds * 1_000_000_000n;
  if (rest < 0n) {
    seconds -= 1n;
    rest += 1_000_000_000n;
  }
  return { seconds, nanoseconds: Number(rest) };
}

export function timeSpec(t: NewTimestamp): TimeSpec {
  if (t.tag === 'no-change') return undefined;
  if (t.tag === 'now') return 'now';
  return t.val.seconds * 1_000_000_000n + BigInt(t.val.nanoseconds);
}
