// wasi:clocks@0.3 — monotonic-clock (with the async wait-until / wait-for), system-clock, and the
// unstable timezone — over the host's clocks.
//
// A wait is a Promise on the engine's timer: the waiting guest task suspends and every other task of the
// program runs meanwhile. The clock is read once, when the wait starts, and the timer is set a millisecond
// past the deadline (Node's timers may fire up to a millisecond early; a timer never fires before the
// milliseconds it was given elsewhere). Reading the clock only at the start keeps record/replay exact: the
// read is part of the call, and the wait's completion is an event the trace orders. On an engine without
// timers the wait falls back to the clock's synchronous sleep (which blocks every task).
import type { LinkerInstance } from '../../index.js';
import { datetime } from '../datetime.js';
import type { Clocks } from '../host.js';
import { delay, hostTimers } from '../timers.js';
import type { WasiP3Context } from './common.js';

/** Returns when monotonic time `when` has passed: at once (no Promise) when it has already. */
function waitUntil(c: Clocks, when: bigint): void | Promise<void> {
  const now = c.monotonic();
  if (now >= when) return undefined;
  if (hostTimers() === undefined) {
    c.sleep(when - now);
    return undefined;
  }
  return delay(Math.ceil(Number(when - now) / 1e6) + 1, 'wasi:clocks/monotonic-clock');
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
