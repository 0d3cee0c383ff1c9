// Properties: a guest controls the bytes of its memory, the core values it passes and returns, and what its
// realloc returns. Whatever it gives, lifting and lowering a value of a random type (nesting depth ≥ 4, every
// string encoding) either give a value or throw a vm Trap: never a TypeError, a RangeError or a runaway loop.
// The guest's words are drawn from what breaks bounds and alignment checks (0, small, near the end, past the
// end, 0x80000000, 0xffffffff, odd) rather than uniformly, which would almost always be out of bounds at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/component/value-types.js';
import { AbiContext, exportPlan, importPlan, type FlatType, type FlatValue } from '../../src/abi/index.js';
import { Trap } from '../../src/vm/errors.js';
import { typeArb, typedValueArb } from './arbitraries.js';
import { testMemory, testOptions, TestHandles } from './helpers.js';
import { seededRandom } from '../seeded-random.js';

const ENCODINGS = ['utf8', 'utf16', 'latin1+utf16'] as const;
const MEMORY_BYTES = 4096;
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** A guest's 32-bit words: mostly values near the edges that bounds, alignment and length checks face. */
function guestWords(seed: number): () => number {
  const bytes = new Uint8Array(5);
  const next = seededRandom(seed || 1);
  return () => {
    next(bytes);
    const r = (bytes[1]! | (bytes[2]! << 8) | (bytes[3]! << 16) | (bytes[4]! << 24)) >>> 0;
    switch (bytes[0]! & 15) {
      case 0: case 1: return 0;
      case 2: return 1;
      case 3: case 4: return r % 4; // discriminants, short lengths
      case 5: return r % 64;
      case 6: case 7: case 8: case 9: return (r % MEMORY_BYTES) & ~7; // a pointer into memory, aligned
      case 10: return r % MEMORY_BYTES; // any alignment
      case 11: return MEMORY_BYTES - (r % 16); // at or just inside the end
      case 12: return MEMORY_BYTES + (r % 16); // just past it
      case 13: return 0x80000000 + (r % 8);
      case 14: return 0xffffffff - (r % 8);
      default: return r;
    }
  };
}

/** A guest memory of MEMORY_BYTES filled with guest words. */
function guestMemory(word: () => number): Uint8Array {
  const u8 = new Uint8Array(MEMORY_BYTES);
  const dv = new DataView(u8.buffer);
  for (let i = 0; i < MEMORY_BYTES; i += 4) dv.setUint32(i, word(), true);
  return u8;
}

/** A core value of flat type `t` as a guest would pass it. */
function flatValue(t: FlatType, word: () => number): FlatValue {
  switch (t) {
    case 'i32':
      return word() | 0;
    case 'i64':
      return BigInt.asIntN(64, (BigInt(word()) << 32n) | BigInt(word()));
    case 'f32':
      return Math.fround(word() / 7 - 1000);
    default:
      return word() % 5 === 0 ? NaN : word() / 3 - 1e6;
  }
}

/** Runs `f`; says what went wrong if it threw anything but a Trap. */
function misbehaviour(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (!(e instanceof Trap)) return e instanceof Error ? `${e.name}: ${e.message}` : `threw ${String(e)}`;
  }
  return undefined;
}

/** A context over a guest-filled memory whose realloc returns guest words (or bumps honestly, when `honest`). */
function guestContext(enc: (typeof ENCODINGS)[number], word: () => number, honest: boolean): AbiContext {
  const mem = testMemory(MEMORY_BYTES, { grow: false });
  mem.u8 = guestMemory(word);
  mem.top = MEMORY_BYTES / 2;
  const o = testOptions(enc, mem);
  return new AbiContext(honest ? o : { ...o, realloc: () => word() }, new TestHandles());
}

const fn = (params: T.ValueType[], result?: T.ValueType) => T.funcType(params.map((type, i) => ({ name: `p${i}`, type })), result);
const seedArb = fc.integer({ min: 1, max: 0x7fffffff });

describe.each(ENCODINGS)('a hostile guest (%s)', (enc) => {
  it('lifting the parameters it passes to an import', () => {
    fc.assert(
      fc.property(fc.array(typeArb(4), { minLength: 1, maxLength: 3 }), seedArb, (ts, seed) => {
        const word = guestWords(seed);
        const plan = importPlan(fn(ts));
        const cx = guestContext(enc, word, true);
        const flat = plan.coreParams.map((t) => flatValue(t, word));
        expect(misbehaviour(() => plan.liftParams(cx, flat))).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('lifting the result of an export', () => {
    fc.assert(
      fc.property(typeArb(4), seedArb, (t, seed) => {
        const word = guestWords(seed);
        const plan = exportPlan(fn([], t));
        const cx = guestContext(enc, word, true);
        const flat = plan.coreResults.map((ft) => flatValue(ft, word));
        expect(misbehaviour(() => plan.liftResult(cx, flat))).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('lowering into memory its realloc chose', () => {
    fc.assert(
      fc.property(typedValueArb(4), seedArb, ([t, v], seed) => {
        const word = guestWords(seed);
        const cx = guestContext(enc, word, false);
        expect(misbehaviour(() => exportPlan(fn([t, t])).lowerParams(cx, [v, v]))).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('lowering an import result through the pointer it passed', () => {
    fc.assert(
      fc.property(typedValueArb(4), seedArb, ([t, v], seed) => {
        const word = guestWords(seed);
        const plan = importPlan(fn([], t));
        const cx = guestContext(enc, word, false);
        const args = plan.coreParams.map((ft) => flatValue(ft, word));
        expect(misbehaviour(() => plan.lowerResult(cx, v, args))).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});
