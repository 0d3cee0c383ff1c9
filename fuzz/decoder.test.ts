// Robustness of the decoder/validator: truncated, bit-flipped and spliced versions of real modules must make
// `compile` (and `decodeModule`) either return or throw CompileError, quickly, and never anything else (no RangeError from a
// runaway allocation, no TypeError from reading past the end, no hang). `validate` must answer a boolean.
import { readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompileError } from '../src/decoder/errors.js';
import { components, coreModules, importPart } from '../test/real-modules/corpus.js';

interface ValidateApi {
  compile(bytes: Uint8Array): unknown;
  validate(bytes: Uint8Array): boolean;
}

const api = await importPart<ValidateApi>('validate/index.js');
const decoder = await importPart<{ decodeModule(bytes: Uint8Array): unknown }>('decoder/decode-module.js');
// Small and mid-sized real modules (the 14 MB esbuild binary would make each run too slow for CI).
const corpus = coreModules()
  .filter((m) => statSync(m.path).size < 1_000_000)
  .map((m) => ({ name: m.name, bytes: new Uint8Array(readFileSync(m.path)) }));

const TIME_LIMIT_MS = 2000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** Runs compile on the input; returns a description of any misbehaviour, or undefined if it was fine. */
function misbehaviour(input: Uint8Array): string | undefined {
  const runs: [string, (b: Uint8Array) => unknown][] = [['compile', api!.compile]];
  if (decoder) runs.push(['decodeModule', decoder.decodeModule]);
  for (const [name, fn] of runs) {
    const t0 = performance.now();
    try {
      fn(input);
    } catch (e) {
      if (!(e instanceof CompileError)) return `${name} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    }
    const ms = performance.now() - t0;
    if (ms > TIME_LIMIT_MS) return `${name} took ${ms.toFixed(0)} ms`;
  }
  const ok = api!.validate(input);
  if (typeof ok !== 'boolean') return `validate returned ${String(ok)}`;
  return undefined;
}

/** Offsets where a section ends (and the header's end): cutting there leaves whole sections. */
function sectionBoundaries(b: Uint8Array): Set<number> {
  const out = new Set<number>([8]);
  let o = 8;
  while (o < b.length) {
    o++; // section id
    let size = 0;
    let shift = 0;
    for (;;) {
      const byte = b[o++]!;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    o += size;
    out.add(o);
  }
  return out;
}

const pick = fc.integer({ min: 0, max: corpus.length - 1 });

describe('decoder fuzz', () => {
  it('has a corpus', () => expect(corpus.length).toBeGreaterThan(3));

  it('truncated modules', () => {
    fc.assert(
      fc.property(pick, fc.double({ min: 0, max: 1, noNaN: true }), (i, frac) => {
        const b = corpus[i]!.bytes;
        const cut = b.subarray(0, Math.floor(b.length * frac));
        expect(misbehaviour(cut)).toBeUndefined();
        // A prefix that ends inside the header or inside a section is malformed (sections are length-prefixed);
        // one that ends on a section boundary may be a valid smaller module.
        if (!sectionBoundaries(b).has(cut.length)) expect(() => api!.compile(cut)).toThrow(CompileError);
      }),
      { numRuns: RUNS },
    );
  });

  it('bit-flipped modules', () => {
    fc.assert(
      fc.property(pick, fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }), (i, flips) => {
        const b = corpus[i]!.bytes.slice();
        for (const [pos, bit] of flips) {
          // Bias half of the flips into the first 2 KB, where the type/import/function sections live.
          const at = pos < 0.5 ? Math.floor(pos * 2 * Math.min(2048, b.length)) : Math.floor(pos * b.length);
          b[at]! ^= 1 << bit;
        }
        expect(misbehaviour(b)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts every bit-flipped module that Node accepts', () => {
    // Node's WebAssembly (an oracle, tests only) supports less than Wasm 3.0, so only this direction holds:
    // whatever Node accepts is valid, and must compile here too (flips in custom sections included).
    const node = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    let accepted = 0;
    fc.assert(
      fc.property(pick, fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 3 }), (i, flips) => {
        const b = corpus[i]!.bytes.slice();
        for (const [pos, bit] of flips) b[Math.floor(pos * b.length)]! ^= 1 << bit;
        if (!node.validate(b)) return;
        accepted++;
        let err: unknown;
        try {
          api!.compile(b);
        } catch (e) {
          err = e;
        }
        if (err !== undefined) {
          const at = flips.map(([pos, bit]) => `byte ${Math.floor(pos * b.length)} bit ${bit}`).join(', ');
          throw new Error(`Node accepts ${corpus[i]!.name} with ${at}, we reject: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('spliced modules', () => {
    fc.assert(
      fc.property(pick, pick, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ maxLength: 16 }), (i, j, fa, fb, junk) => {
        const a = corpus[i]!.bytes;
        const b = corpus[j]!.bytes;
        const head = a.subarray(0, Math.floor(a.length * fa));
        const tail = b.subarray(Math.floor(b.length * fb));
        const out = new Uint8Array(head.length + junk.length + tail.length);
        out.set(head, 0);
        out.set(junk, head.length);
        out.set(tail, head.length + junk.length);
        expect(misbehaviour(out)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('huge counts and sizes in LEB128 fields', () => {
    // A valid header followed by a section whose declared size/count is enormous must fail fast, without
    // allocating for the declared count.
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0x7f, 0xff), (section, fill) => {
        const input = new Uint8Array([...header, section, 0x05, 0x80 | (fill & 0x7f), 0xff, 0xff, 0xff, 0x0f]);
        expect(misbehaviour(input)).toBeUndefined();
        expect(() => api!.compile(input)).toThrow(CompileError);
      }),
      { numRuns: 40 },
    );
  });
});

const componentApi = await importPart<{ validateComponent(bytes: Uint8Array): void }>('component/validate.js');
const componentCorpus = components()
  .filter((c) => statSync(c.path).size < 300_000)
  .map((c) => new Uint8Array(readFileSync(c.path)));

describe('component validator fuzz', () => {
  const check = (input: Uint8Array): string | undefined => {
    const t0 = performance.now();
    try {
      componentApi!.validateComponent(input);
    } catch (e) {
      if (!(e instanceof CompileError)) return `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    }
    const ms = performance.now() - t0;
    return ms > TIME_LIMIT_MS ? `took ${ms.toFixed(0)} ms` : undefined;
  };
  const pickC = fc.integer({ min: 0, max: Math.max(0, componentCorpus.length - 1) });

  it('has a corpus', () => expect(componentCorpus.length).toBeGreaterThan(5));

  it('truncated and bit-flipped components', () => {
    fc.assert(
      fc.property(pickC, fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 7 })), { maxLength: 6 }), (i, frac, flips) => {
        const b = componentCorpus[i]!;
        const cut = b.slice(0, Math.max(8, Math.floor(b.length * frac)));
        for (const [pos, bit] of flips) cut[Math.floor(pos * cut.length)]! ^= 1 << bit;
        expect(check(cut)).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});
