// Timing several engines of one kernel in one process, interleaved round by round (the order reversed every
// other round) and keeping each engine's minimum, so a loaded machine shifts every engine alike.

export interface Kernel { run(n: number): number; default_n(): number }

/** Best ms per run(n) of each engine over `rounds` rounds; `scale(k)` < 1 runs engine k on n·scale and
 *  scales its time back to n (slow engines, e.g. the interpreter). */
export function interleavedBest(engines: Record<string, Kernel>, n: number, rounds: number, scale: (engine: string) => number = () => 1): Record<string, number> {
  const best: Record<string, number> = {};
  const names = Object.keys(engines);
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 === 1 ? [...names].reverse() : names) {
      const size = Math.max(1, Math.floor(n * scale(k)));
      const t = performance.now();
      engines[k].run(size);
      best[k] = Math.min(best[k] ?? Infinity, ((performance.now() - t) * n) / size);
    }
  }
  return best;
}
