// wasi:clocks@0.3 — monotonic-clock (with the async wait-until / wait-for), system-clock, and the
// unstable timezone — over the host's clocks.
//
// A wait is a Promise on the engine's timer: the waiting guest task suspends and every other task of the
// program runs meanwhile. The host timer may fire early or late by a little, so a wait re-checks the
// monotonic clock and sleeps again until the deadline has passed. On an engine without timers the wait
// falls back to the clock's synchronous sleep (which blocks every task).
import type { LinkerInstance } from '../../index.js';
import { datetime } from '../datetime.js';
import type { Clocks } from '../host.js';
import { delay, hostTimers } from '../timers.js';
import type { WasiP3Context } from './common.js';

/** Returns when monotonic time `when` has passed: at once (no Promise) when it has already. */
function waitUntil(c: Clocks, when: bigint): void | Promise<void> {
  if (c.monotonic() >= when) return undefined;
  if (hostTimers() === undefined) {
    c.sleep(when - c.monotonic());
    return undefined;
  }
  const wait = async (): Promise<void> => {
    for (let now = c.monotonic(); now < when; now = c.monotonic()) await delay(Number(when - now) / 1e6, 'wasi:clocks/monotonic-clock');
  };
  return wait();
}

export function defineClocks(linker: LinkerInstance, cx: WasiP3Context): void {
  const c = cx.host.clocks;
  const v = cx.version;
  linker
    .instance(`wasi:clocks/monotonic-clock@${v}`)
    .func('now', () => c.monotonic())
    .func('get-resolution', () => c.monotonicResolution)
    .func('wait-until', (when: bigint) => waitUntil(c, when))
    .func('wait-for', (d: bigint) => (d === 0n ? undefined : waitUntil(c, c.monotonic() + d)));
  linker
    .instance(`wasi:clocks/system-clock@${v}`)
    .func('now', () => datetime(c.realtime()))
    .func('get-resolution', () => c.realtimeResolution);
  // The WasiHost exposes no time zone (nothing about the host is granted by default, and replay must not
  // depend on one), so the unstable timezone interface answers as the WIT says a host without one does.
  linker
    .instance(`wasi:clocks/timezone@${v}`)
    .func('iana-id', () => undefined)
    .func('utc-offset', () => undefined)
    .func('to-debug-string', () => 'no time zone');
}
