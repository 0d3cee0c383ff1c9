// Differential tests against Node's WebAssembly (the oracle; used only in tests): random small modules
// (gen-wat.ts) must get the same verdict from our validator as from Node's, and, when valid and loop-free,
// the exported function must return the same results (or trap in both) for the same arguments.
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WasmValue } from '../src/vm/values.js';
import { PACKS } from '../test/packs.js';
import { importPart } from '../test/real-modules/corpus.js';
import { genModule } from './gen-wat.js';

interface ValidateApi {
  validate(bytes: Uint8Array, features?: typeof PACKS): boolean;
}
interface VmApi {
  Module: new (bytes: Uint8Array, features?: typeof PACKS) => unknown;
  Instance: new (m: unknown, imports: object, options?: { store?: unknown }) => { invoke(name: string, args: WasmValue[]): WasmValue[]; exports: Record<string, unknown> };
  Store: new (options?: { tier?: string }) => unknown;
}
interface NodeWasm {
  validate(bytes: Uint8Array): boolean;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  Module: new (bytes: Uint8Array) => object;
  RuntimeError: new () => Error;
}
const node = (globalThis as unknown as { WebAssembly: NodeWasm }).WebAssembly;

const validator = await importPart<ValidateApi>('validate/index.js');
const vm = await importPart<VmApi>('vm/index.js');
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const scratch = new DataView(new ArrayBuffer(8));

/** Fixed arguments per type: a value that exercises sign, overflow and NaN paths. */
function argFor(t: string, k: number): { wasm: WasmValue; js: unknown } {
  switch (t) {
    case 'i32': return { wasm: { type: 'i32', value: [-7, 0x7fffffff, 3][k % 3]! }, js: [-7, 0x7fffffff, 3][k % 3] };
    case 'i64': return { wasm: { type: 'i64', value: [-5n, 1n << 40n, 9n][k % 3]! }, js: [-5n, 1n << 40n, 9n][k % 3] };
    case 'f32': {
      const v = [2.5, -0, Number.NaN][k % 3]!;
      scratch.setFloat32(0, v);
      return { wasm: { type: 'f32', bits: scratch.getUint32(0) }, js: v };
    }
    default: {
      const v = [-1e300, 0.1, Number.POSITIVE_INFINITY][k % 3]!;
      scratch.setFloat64(0, v);
      return { wasm: { type: 'f64', bits: scratch.getBigUint64(0) }, js: v };
    }
  }
}

/** Our result as the JS value Node would return, for comparison (floats through JS numbers, like Node's). */
function asJs(v: WasmValue): unknown {
  switch (v.type) {
    case 'i32': return v.value;
    case 'i64': return v.value;
    case 'f32': scratch.setUint32(0, v.bits); return scratch.getFloat32(0);
    case 'f64': scratch.setBigUint64(0, v.bits); return scratch.getFloat64(0);
    default: return v;
  }
}

/** Runs f in both engines; returns a description of a disagreement, or undefined. */
function compareRun(bytes: Uint8Array, params: readonly string[], results: readonly string[], tier: string): string | undefined {
  const args = params.map((t, i) => argFor(t, i));
  let expected: unknown[] | 'trap';
  const nodeInst = new node.Instance(new node.Module(bytes), {});
  try {
    const r = (nodeInst.exports.f as (...a: unknown[]) => unknown)(...args.map((a) => a.js));
    expected = results.length === 0 ? [] : results.length === 1 ? [r] : (r as unknown[]);
  } catch (e) {
    if (e instanceof node.RuntimeError || e instanceof RangeError) expected = 'trap';
    else throw e;
  }
  let got: unknown[] | 'trap';
  const ours = new vm!.Instance(new vm!.Module(bytes, PACKS), {}, { store: new vm!.Store({ tier }) });
  try {
    got = ours.invoke('f', args.map((a) => a.wasm)).map(asJs);
  } catch (e) {
    if (e instanceof Error && e.name === 'Trap') got = 'trap';
    else return `our VM threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
  // Memory must match too (also after a trap: stores before it stay).
  const nodeMem = new Uint8Array((nodeInst.exports.mem as { buffer: ArrayBuffer }).buffer);
  const ourMem = new Uint8Array((ours.exports.mem as { buffer: ArrayBuffer }).buffer);
  if (nodeMem.length !== ourMem.length) return `memory size: node ${nodeMem.length}, ours ${ourMem.length}`;
  const at = nodeMem.findIndex((b, i) => ourMem[i] !== b);
  if (at >= 0) return `memory differs at ${at}: node ${nodeMem[at]}, ours ${ourMem[at]}`;
  const same = (a: unknown, b: unknown) => Object.is(a, b) || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
  if (expected === 'trap' || got === 'trap') return expected === got ? undefined : `node: ${String(expected)}, ours: ${String(got)}`;
  if (expected.length !== got.length || expected.some((x, i) => !same(x, (got as unknown[])[i])))
    return `node: ${expected.map(String).join(', ')}; ours: ${got.map(String).join(', ')}`;
  return undefined;
}

describe('differential against Node', () => {
  it('validator agrees with Node on random modules', async () => {
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(genModule, async (m) => {
        let bytes: Uint8Array;
        try {
          bytes = await parse(m.text);
        } catch {
          return; // the text itself is malformed (e.g. an unknown label); nothing to compare
        }
        const oracle = node.validate(bytes);
        if (oracle) valid++;
        const ours = validator!.validate(bytes, PACKS); // the generator writes SIMD: with its pack, as Node has it
        if (ours !== oracle) throw new Error(`Node says ${oracle ? 'valid' : 'invalid'}, we say ${ours ? 'valid' : 'invalid'}\n${m.text}`);
      }),
      { numRuns: RUNS },
    );
    // The generator must produce both verdicts, or the test says little.
    console.log(`validator differential: ${valid} of ${RUNS} modules valid`);
    expect(valid).toBeGreaterThan(RUNS / 5);
    expect(valid).toBeLessThan(RUNS);
  });

  it('VM agrees with Node on results and traps', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(genModule, async (m) => {
        if (/\bloop\b/.test(m.text)) return; // a random loop may never end, in either engine
        let bytes: Uint8Array;
        try {
          bytes = await parse(m.text);
        } catch {
          return;
        }
        if (!node.validate(bytes)) return;
        compared++;
        // on both tiers: the interpreter alone, and the function compiled to JS (src/vm/jstier)
        for (const tier of ['interpreter', 'js']) {
          const diff = compareRun(bytes, m.params, m.results, tier);
          if (diff !== undefined) throw new Error(`tier ${tier}: ${diff}\n${m.text}`);
        }
      }),
      { numRuns: RUNS * 3 },
    );
    console.log(`execution differential: ${compared} valid loop-free modules run in both engines`);
    expect(compared).toBeGreaterThan(RUNS / 5);
  });
});
