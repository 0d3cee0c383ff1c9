// The host's timer, for the waits that race a deadline against an asynchronous event (poll over a socket
// and a clock, an HTTP timeout). Portable code may not assume Node's timers: this takes the engine's
// global setTimeout, where it exists, and says clearly what is missing where it does not.

interface HostTimers {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
}

/** The engine's setTimeout/clearTimeout, or undefined where the engine has none. */
export function hostTimers(): HostTimers | undefined {
  const g = globalThis as { setTimeout?: (f: () => void, ms: number) => unknown; clearTimeout?: (t: unknown) => void };
  if (g.setTimeout === undefined || g.clearTimeout === undefined) return undefined;
  const set = g.setTimeout;
  const clear = g.clearTimeout;
  return { setTimeout: (f, ms) => set(f, ms), clearTimeout: (t) => clear(t) };
}

/** Settles after `ms` milliseconds (rounded up; hosts may fire a little early, so callers re-check). */
export function delay(ms: number, what: string): Promise<void> {
  const t = hostTimers();
  if (t === undefined) throw new Error(`${what}: this JS engine has no setTimeout to wait for a deadline beside an asynchronous event`);
  return new Promise((resolve) => t.setTimeout(resolve, Math.max(0, Math.ceil(ms))));
}
