// Per-call timing: warm up until the per-call cost stops falling, size a batch so that five batches last
// ~300 ms in all, and return the median of the five batches' nanoseconds per call. BENCH_CPU=1 times the
// batches in the process's CPU time (process.cpuUsage, µs resolution) instead of the wall clock: on a
// machine shared with other jobs, time spent waiting for a core then does not count.
const BATCHES = 5;
const TARGET_TOTAL_MS = 300;
/** Warm-up runs in chunks of this length… */
const WARMUP_CHUNK_MS = 50;
/** …for at least this long (V8 optimizes the interpreter's big functions late on a busy machine)… */
const WARMUP_MIN_MS = 200;
/** …until a chunk is no more than 10% faster than the one before, or this much time has passed. */
const WARMUP_MAX_MS = 1500;
const WARMUP_MIN_CALLS = 3;

export interface TimingOptions {
  /** Total measuring time over the five batches (ms). */
  readonly totalMs?: number;
  /** Cap on calls per batch (the 1 MiB case keeps it small). */
  readonly maxPerBatch?: number;
}

let sink: unknown;

/** Milliseconds per call over one warm-up chunk (at least one call, about WARMUP_CHUNK_MS). */
function chunk(fn: () => unknown): number {
  let calls = 0;
  const t0 = performance.now();
  let now = t0;
  do {
    sink = fn();
    calls++;
    now = performance.now();
  } while (now - t0 < WARMUP_CHUNK_MS);
  return (now - t0) / calls;
}

/** Median nanoseconds per call of `fn` (results are kept alive so the calls are not optimized away). */
export function timePerCall(fn: () => unknown, opts: TimingOptions = {}): number {
  const totalMs = opts.totalMs ?? TARGET_TOTAL_MS;
  const w0 = performance.now();
  let prev = Infinity;
  let perCallMs = Infinity;
  let calls = 0;
  for (;;) {
    perCallMs = chunk(fn);
    calls += Math.max(1, Math.round(WARMUP_CHUNK_MS / perCallMs));
    const elapsed = performance.now() - w0;
    if (elapsed >= WARMUP_MAX_MS) break;
    if (elapsed >= WARMUP_MIN_MS && calls >= WARMUP_MIN_CALLS && perCallMs >= 0.9 * prev) break;
    prev = Math.min(prev, perCallMs);
  }
  let n = Math.max(1, Math.round(totalMs / BATCHES / perCallMs));
  if (opts.maxPerBatch !== undefined) n = Math.min(n, opts.maxPerBatch);

  const perCallNs: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const t0 = clockNs();
    for (let i = 0; i < n; i++) sink = fn();
    perCallNs.push((clockNs() - t0) / n);
  }
  perCallNs.sort((a, b) => a - b);
  return perCallNs[BATCHES >> 1];
}

const CPU = process.env.BENCH_CPU === '1';

/** Nanoseconds of the wall clock, or of the process's CPU time (BENCH_CPU=1). */
function clockNs(): number {
  if (!CPU) return Number(process.hrtime.bigint());
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

/** The last result (keeps the timed calls observable). */
export function lastResult(): unknown {
  return sink;
}
