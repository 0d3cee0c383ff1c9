// Sets fast-check's seed from FC_SEED (vitest.config.ts: one per commit unless given; `random` leaves
// fast-check's own, new each run).
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== 'random') {
  const n = Number(seed);
  if (!Number.isInteger(n)) throw new Error(`FC_SEED must be an integer or 'random', got '${seed}'`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: n });
}
