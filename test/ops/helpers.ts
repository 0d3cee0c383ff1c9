// Test helpers: assemble WAT with wasm-tools (jco-transpile) and run it on Node's WebAssembly (the oracle).
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import fc from 'fast-check';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join as pjoin } from 'node:path';
import { fileURLToPath } from 'node:url';

const WebAssembly = (globalThis as any).WebAssembly;

export async function instantiate(wat: string, imports: object = {}): Promise<any> {
  const bytes = await parse(wat);
  const mod = new WebAssembly.Module(bytes);
  return new WebAssembly.Instance(mod, imports).exports;
}

/** Runs f; returns its value or 'trap:<message>' for a trap. */
export function tryTrap<T>(f: () => T): T | string {
  try {
    return f();
  } catch (e: any) {
    if (e instanceof WebAssembly.RuntimeError) return 'trap:' + normalizeTrap(e.message);
    if (e && e.name === 'Trap') return 'trap:' + e.reason;
    throw e;
  }
}

function normalizeTrap(msg: string): string {
  if (/by zero/i.test(msg)) return 'integer divide by zero';
  if (/divide result unrepresentable|overflow/i.test(msg)) return 'integer overflow';
  if (/float unrepresentable/i.test(msg)) return 'float unrepresentable';
  return msg;
}

// ---------------------------------------------------------------------------------------------------------
// Spec-suite corpus: every constant literal in the official numeric and SIMD .wast files, assembled by
// wasm-tools and read back as bits. Used as extra edge values by the generators below.

const SPEC = fileURLToPath(new URL('../../../shared/fixtures/spec/core/', import.meta.url));

function wastFiles(): string[] {
  const out: string[] = [];
  const names = ['i32', 'i64', 'f32', 'f64', 'f32_cmp', 'f64_cmp', 'f32_bitwise', 'f64_bitwise', 'conversions',
    'float_misc', 'float_exprs', 'int_exprs', 'float_literals'];
  for (const n of names) out.push(pjoin(SPEC, '2.0', n + '.wast'));
  for (const dir of [pjoin(SPEC, '2.0', 'simd'), pjoin(SPEC, '3.0', 'relaxed-simd')])
    if (existsSync(dir) && statSync(dir).isDirectory()) for (const f of readdirSync(dir)) if (f.endsWith('.wast')) out.push(pjoin(dir, f));
  return out.filter((f) => existsSync(f));
}

async function assemble(kind: string, lits: string[]): Promise<Uint8Array | undefined> {
  const size = kind === 'v128' ? 16 : kind === 'i32' || kind === 'f32' ? 4 : 8;
  const pages = Math.ceil((lits.length * size) / 65536) + 1;
  const body = lits.map((l, k) => {
    const addr = `i32.const ${k * size}`;
    switch (kind) {
      case 'v128': return `${addr} (v128.const ${l}) v128.store`;
      case 'f32': return `${addr} (i32.reinterpret_f32 (f32.const ${l})) i32.store`;
      case 'f64': return `${addr} (i64.reinterpret_f64 (f64.const ${l})) i64.store`;
      default: return `${addr} (${kind}.const ${l}) ${kind}.store`;
    }
  }).join('\n');
  try {
    const bytes = await parse(`(module (memory (export "m") ${pages}) (func (export "f") ${body}))`);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    inst.f();
    return new Uint8Array(inst.m.buffer).slice(0, lits.length * size);
  } catch {
    return undefined;
  }
}

async function harvest(kind: string, lits: string[]): Promise<Uint8Array[]> {
  const size = kind === 'v128' ? 16 : kind === 'i32' || kind === 'f32' ? 4 : 8;
  const out: Uint8Array[] = [];
  for (let i = 0; i < lits.length; i += 400) {
    const chunk = lits.slice(i, i + 400);
    let mem = await assemble(kind, chunk);
    if (mem) {
      for (let k = 0; k < chunk.length; k++) out.push(mem.slice(k * size, k * size + size));
    } else {
      for (const l of chunk) if ((mem = await assemble(kind, [l]))) out.push(mem);
    }
  }
  return out;
}

async function loadCorpus() {
  const texts = wastFiles().map((f) => readFileSync(f, 'latin1'));
  const sets: Record<string, Set<string>> = { v128: new Set(), i32: new Set(), i64: new Set(), f32: new Set(), f64: new Set() };
  for (const t of texts) {
    for (const m of t.matchAll(/v128\.const\s+((?:i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\s[^()]*?)\)/g)) {
      if (!/nan:(canonical|arithmetic)/.test(m[1])) sets.v128.add(m[1].replace(/\s+/g, ' ').trim());
    }
    for (const m of t.matchAll(/\((i32|i64|f32|f64)\.const\s+([^()\s]+)\s*\)/g)) {
      if (!/nan:(canonical|arithmetic)/.test(m[2])) sets[m[1]].add(m[2]);
    }
  }
  const v128 = await harvest('v128', [...sets.v128]);
  const f32 = (await harvest('f32', [...sets.f32])).map((b) => new Uint32Array(b.buffer)[0]);
  const i32 = (await harvest('i32', [...sets.i32])).map((b) => new Int32Array(b.buffer)[0]);
  const f64 = (await harvest('f64', [...sets.f64])).map((b) => new BigUint64Array(b.buffer)[0]);
  const i64 = (await harvest('i64', [...sets.i64])).map((b) => new BigInt64Array(b.buffer)[0]);
  // dedupe
  const uniqV = new Map(v128.map((b) => [Buffer.from(b).toString('hex'), b]));
  return { v128: [...uniqV.values()], f32: [...new Set(f32)], i32: [...new Set(i32)], f64: [...new Set(f64)], i64: [...new Set(i64)] };
}

/** Whether the official test suite's fixtures are present (../shared/fixtures/spec). */
export const specAvailable = existsSync(SPEC);
/** Constants of the official test suite (empty lists when the fixtures are absent). */
export const specCorpus = await loadCorpus();

const withSpec = <T>(arb: fc.Arbitrary<T>, xs: T[]): fc.Arbitrary<T> =>
  xs.length ? fc.oneof(arb, fc.constantFrom(...xs)) : arb;

export const M64 = (1n << 64n) - 1n;
export const lo = (v: bigint): number => Number(BigInt.asIntN(32, v));
export const hi = (v: bigint): number => Number(BigInt.asIntN(32, v >> 32n));
export const join = (l: number, h: number): bigint => BigInt.asIntN(64, (BigInt(h) << 32n) | BigInt(l >>> 0));

const i64Edges = [
  0n, 1n, -1n, 2n, -2n, 3n, 7n, 10n, -10n,
  (1n << 31n) - 1n, 1n << 31n, -(1n << 31n), -(1n << 31n) - 1n, (1n << 32n) - 1n, 1n << 32n, (1n << 32n) + 1n,
  (1n << 52n), (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, -(1n << 53n) - 1n,
  (1n << 63n) - 1n, -(1n << 63n), -(1n << 63n) + 1n, 0x123456789abcdefn, -0x123456789abcdefn,
];
/** Random i64 as a signed bigint, biased to edges and to small/medium magnitudes. */
export const arbI64: fc.Arbitrary<bigint> = withSpec(fc.oneof(
  fc.constantFrom(...i64Edges),
  fc.bigInt(-(1n << 63n), (1n << 63n) - 1n),
  fc.bigInt(-(1n << 31n), (1n << 31n)),
  fc.bigInt(-(1n << 53n), (1n << 53n)),
  fc.integer({ min: 0, max: 63 }).chain((k) => fc.bigInt(-(1n << BigInt(k)), 1n << BigInt(k))),
  fc.tuple(fc.integer({ min: 0, max: 63 }), fc.constantFrom(-1n, 0n, 1n)).map(([k, d]) => BigInt.asIntN(64, (1n << BigInt(k)) + d)),
), specCorpus.i64);

export const arbI32: fc.Arbitrary<number> = withSpec(fc.oneof(
  fc.constantFrom(0, 1, -1, 2, -2, 0x7fffffff, -0x80000000, 0x7ffffffe, -0x7fffffff, 0xff, 0x80, 0x7f, 0x8000, 0x7fff, 0xffff, 0x10000),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  fc.integer({ min: -300, max: 300 }),
), specCorpus.i32);

const f32Edges = [
  0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fa00000, 0x7f800001,
  0xff812345, 0x7fffffff, 1, 0x807fffff, 0x007fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x3f000000, 0xbf000000,
  0x3fc00000, 0x40200000, 0x40400000, 0xbfc00000, 0x4b000000, 0x4b000001, 0x4affffff, 0xcb000001, 0x4effffff,
  0x4f000000, 0xcf000000, 0xcf000001, 0x4f800000, 0x4f7fffff, 0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001,
  0x5f800000, 0x5f7fffff, 0xbf7fffff, 0x3f7fffff, 0x3effffff, 0xbf400000,
];
/** Random f32 bit patterns (as uint32) including NaNs with payloads, subnormals and integer boundaries. */
export const arbF32Bits: fc.Arbitrary<number> = withSpec(fc.oneof(
  fc.constantFrom(...f32Edges),
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.float({ noNaN: false }).map((x) => { const f = new Float32Array([x]); return new Uint32Array(f.buffer)[0]; }),
  fc.integer({ min: -70000, max: 70000 }).map((x) => { const f = new Float32Array([x / 4]); return new Uint32Array(f.buffer)[0]; }),
), specCorpus.f32);

const f64Edges = [
  0n, 0x8000000000000000n, 0x3ff0000000000000n, 0xbff0000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n,
  0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff4000000000000n, 0x7ff0000000000001n, 0xfff0123456789abcn,
  0x7fffffffffffffffn, 1n, 0x000fffffffffffffn, 0x0010000000000000n, 0x7fefffffffffffffn, 0x3fe0000000000000n,
  0xbfe0000000000000n, 0x3ff8000000000000n, 0x4004000000000000n, 0xbff8000000000000n, 0x4330000000000000n,
  0x4330000000000001n, 0x432fffffffffffffn, 0x41dfffffffc00000n, 0x41dfffffffffffffn, 0x41e0000000000000n,
  0xc1e0000000000000n, 0xc1e0000000200000n, 0xc1e0000000100000n, 0x41efffffffe00000n, 0x41f0000000000000n,
  0x43dfffffffffffffn, 0x43e0000000000000n, 0xc3e0000000000000n, 0xc3e0000000000001n, 0x43efffffffffffffn,
  0x43f0000000000000n, 0xbfefffffffffffffn, 0x3fefffffffffffffn, 0x36a0000000000000n, 0x47efffffe0000000n,
  0x47efffffffffffffn, 0x3810000000000000n, 0x380fffffffffffffn, 0x36a0000000000001n, 0xc1dfffffffc00000n,
  0xc1e0000000000001n,
];
export const arbF64Bits: fc.Arbitrary<bigint> = withSpec(fc.oneof(
  fc.constantFrom(...f64Edges),
  fc.bigInt(0n, M64),
  fc.double({ noNaN: false }).map((x) => new BigUint64Array(new Float64Array([x]).buffer)[0]),
  fc.integer({ min: -70000, max: 70000 }).map((x) => new BigUint64Array(new Float64Array([x / 4]).buffer)[0]),
), specCorpus.f64);

const sF32 = new Float32Array(1);
const sU32 = new Uint32Array(sF32.buffer);
const sF64 = new Float64Array(1);
const sU64 = new BigUint64Array(sF64.buffer);
export const f32FromBits = (b: number): number => { sU32[0] = b; return sF32[0]; };
export const f32Bits = (x: number): number => { sF32[0] = x; return sU32[0]; };
export const f64FromBits = (b: bigint): number => { sU64[0] = b; return sF64[0]; };
export const f64Bits = (x: number): bigint => { sF64[0] = x; return sU64[0]; };

export const isNaN32 = (b: number): boolean => (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
export const isNaN64 = (b: bigint): boolean => (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
/** Arithmetic NaN: quiet bit set. */
export const isArith32 = (b: number): boolean => isNaN32(b) && (b & 0x400000) !== 0;
export const isArith64 = (b: bigint): boolean => isNaN64(b) && (b & 0x8000000000000n) !== 0n;

export const isCanon32 = (b: number): boolean => ((b >>> 0) & 0x7fffffff) === 0x7fc00000;
export const isCanon64 = (b: bigint): boolean => (b & 0x7fffffffffffffffn) === 0x7ff8000000000000n;

/**
 * Compares f32 result bits. A NaN result must be an arithmetic NaN, and a canonical NaN when every NaN
 * operand (`inputs`) is canonical (the spec's nans{z*} rule); other results must be bit-exact.
 */
export function sameF32(ours: number, oracle: number, inputs: number[] = []): boolean {
  ours >>>= 0;
  oracle >>>= 0;
  if (isNaN32(oracle)) {
    if (!isArith32(ours)) return false;
    return inputs.some((x) => isNaN32(x >>> 0) && !isCanon32(x)) || isCanon32(ours);
  }
  return ours === oracle;
}
export function sameF64(ours: bigint, oracle: bigint, inputs: bigint[] = []): boolean {
  if (isNaN64(oracle)) {
    if (!isArith64(ours)) return false;
    return inputs.some((x) => isNaN64(x) && !isCanon64(x)) || isCanon64(ours);
  }
  return ours === oracle;
}

export const RUNS = Number(process.env.OPS_RUNS ?? 3000);
