// A 64-bit memory larger than one typed array can view (65538 pages = 4 GiB + 128 KiB) is held in lazily
// allocated segments (src/vm/runtime/memory.ts): loads, stores, data segments, memory.fill/copy/grow, SIMD and
// atomics above 4 GiB and across segment boundaries, the JS API's refusal to give a .buffer, the size cap,
// and a resident size that stays far below the memory's size.
import { describe, expect, it } from 'vitest';
import { Instance, Memory, Module } from '../../src/index.js';
import { MAX_MEMORY64_BYTES, MemoryInst, SEGMENT_BYTES } from '../../src/vm/runtime/memory.js';
import { sleb, uleb } from './wasm-builder.js';
import { PACKS } from '../packs.js';

const I32 = 0x7f;
const I64 = 0x7e;
const FOUR_GIB = 2 ** 32;

const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const memarg = (align: number, offset: bigint = 0n): number[] => [align, ...uleb(offset)];

interface Fn { name: string; params: number[]; results: number[]; body: number[] }

const L = (i: number): number[] => [0x20, i];
const funcs: Fn[] = [
  { name: 'load64', params: [I64], results: [I64], body: [...L(0), 0x29, ...memarg(0)] },
  { name: 'store64', params: [I64, I64], results: [], body: [...L(0), ...L(1), 0x37, ...memarg(0)] },
  { name: 'load8', params: [I64], results: [I32], body: [...L(0), 0x2d, ...memarg(0)] },
  // an offset of 4 GiB + 1 (its high half is nonzero)
  { name: 'load8Far', params: [I64], results: [I32], body: [...L(0), 0x2d, ...memarg(0, BigInt(FOUR_GIB + 1))] },
  { name: 'size', params: [], results: [I64], body: [0x3f, 0] },
  { name: 'grow', params: [I64], results: [I64], body: [...L(0), 0x40, 0] },
  { name: 'fill', params: [I64, I32, I64], results: [], body: [...L(0), ...L(1), ...L(2), 0xfc, 11, 0] },
  { name: 'copy', params: [I64, I64, I64], results: [], body: [...L(0), ...L(1), ...L(2), 0xfc, 10, 0, 0] },
  // v128.store(dst, v128.load(src))
  { name: 'copy16', params: [I64, I64], results: [], body: [...L(0), ...L(1), 0xfd, 0, ...memarg(0), 0xfd, 11, ...memarg(0)] },
  // i64.atomic.rmw.add (returns the old value)
  { name: 'atomicAdd', params: [I64, I64], results: [I64], body: [...L(0), ...L(1), 0xfe, 0x1f, ...memarg(3)] },
];

function moduleBytes(minPages: number, maxPages: number, dataAt: bigint, data: number[]): Uint8Array {
  const types = section(1, vec(funcs.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))])));
  const fsec = section(3, vec(funcs.map((_, i) => uleb(i))));
  const mem = section(5, vec([[0x05, ...uleb(minPages), ...uleb(maxPages)]])); // flags: max + i64
  const exps = section(7, vec([[...name('mem'), 2, 0], ...funcs.map((f, i) => [...name(f.name), 0, ...uleb(i)])]));
  const code = section(10, vec(funcs.map((f) => {
    const body = [0, ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  })));
  const datas = section(11, vec([[0, 0x42, ...sleb(dataAt), 0x0b, ...vec(data.map((b) => [b]))]]));
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...fsec, ...mem, ...exps, ...code, ...datas]);
}

type Exports = Record<string, (...a: unknown[]) => unknown> & { mem: Memory };

function instantiate(): Exports {
  const bytes = moduleBytes(0x1_0002, 0x1_0005, BigInt(FOUR_GIB + 5), [0x68, 0x69]);
  return new Instance(new Module(bytes, PACKS), {}).exports as unknown as Exports;
}

describe('segmented 64-bit memory (larger than one typed array)', () => {
  it('reads and writes above 4 GiB, including data segments and a 4 GiB offset', () => {
    const x = instantiate();
    expect(x.size()).toBe(0x1_0002n);
    expect(x.load8(BigInt(FOUR_GIB + 5))).toBe(0x68);
    expect(x.load8(BigInt(FOUR_GIB + 6))).toBe(0x69);
    expect(x.load8Far(BigInt(4))).toBe(0x68);
    x.store64(BigInt(FOUR_GIB + 100), -0x0123456789abcdefn);
    expect(x.load64(BigInt(FOUR_GIB + 100))).toBe(-0x0123456789abcdefn);
    expect(x.load8(BigInt(FOUR_GIB + 100))).toBe(0x11);
    // an untouched page reads as zeros
    expect(x.load64(BigInt(FOUR_GIB + 65536))).toBe(0n);
    // below 4 GiB too
    x.store64(7n, 42n);
    expect(x.load64(7n)).toBe(42n);
    // the last byte is in bounds, one more is not
    const end = BigInt(0x1_0002 * 65536);
    expect(x.load8(end - 1n)).toBe(0);
    expect(() => x.load8(end)).toThrow(/out of bounds/);
    expect(() => x.load64(end - 7n)).toThrow(/out of bounds/);
  });

  it('accesses straddling a segment boundary are exact', () => {
    const x = instantiate();
    const at = BigInt(FOUR_GIB) - 3n; // 4 GiB is a segment boundary
    x.store64(at, 0x1122334455667788n);
    expect(x.load64(at)).toBe(0x1122334455667788n);
    expect(x.load8(at + 3n)).toBe(0x55); // little-endian: the fourth byte
    x.copy16(BigInt(SEGMENT_BYTES * 3 - 8), at - 4n);
    expect(x.load64(BigInt(SEGMENT_BYTES * 3 - 4))).toBe(0x1122334455667788n);
    // atomics need natural alignment; the old value comes back
    const a = BigInt(FOUR_GIB + 4096);
    x.store64(a, 40n);
    expect(x.atomicAdd(a, 2n)).toBe(40n);
    expect(x.load64(a)).toBe(42n);
    expect(() => x.atomicAdd(a + 4n, 1n)).toThrow(/unaligned atomic/);
  });

  it('fills and copies across segment boundaries (overlapping copies are memmove)', () => {
    const x = instantiate();
    const base = BigInt(FOUR_GIB - SEGMENT_BYTES - 10);
    x.fill(base, 0xab, BigInt(SEGMENT_BYTES + 20));
    expect(x.load8(base - 1n)).toBe(0);
    expect(x.load8(base)).toBe(0xab);
    expect(x.load8(base + BigInt(SEGMENT_BYTES + 19))).toBe(0xab);
    expect(x.load8(base + BigInt(SEGMENT_BYTES + 20))).toBe(0);
    // copy to an overlapping higher address crossing the 4 GiB boundary
    for (let i = 0n; i < 8n; i++) x.store64(BigInt(FOUR_GIB - 40) + i * 8n, i + 1n);
    x.copy(BigInt(FOUR_GIB - 24), BigInt(FOUR_GIB - 40), 64n);
    for (let i = 0n; i < 8n; i++) expect(x.load64(BigInt(FOUR_GIB - 24) + i * 8n)).toBe(i + 1n);
    // and back down, overlapping
    x.copy(BigInt(FOUR_GIB - 40), BigInt(FOUR_GIB - 24), 64n);
    for (let i = 0n; i < 8n; i++) expect(x.load64(BigInt(FOUR_GIB - 40) + i * 8n)).toBe(i + 1n);
    expect(() => x.fill(BigInt(0x1_0002 * 65536 - 1), 1, 2n)).toThrow(/out of bounds/);
    expect(() => x.copy(0n, BigInt(0x1_0002 * 65536 - 1), 2n)).toThrow(/out of bounds/);
  });

  it('grows to its maximum without copying, then refuses', () => {
    const x = instantiate();
    x.store64(BigInt(FOUR_GIB + 8), 99n);
    expect(x.grow(3n)).toBe(0x1_0002n);
    expect(x.size()).toBe(0x1_0005n);
    expect(x.load64(BigInt(FOUR_GIB + 8))).toBe(99n);
    x.store64(BigInt(0x1_0005 * 65536 - 8), 5n);
    expect(x.load64(BigInt(0x1_0005 * 65536 - 8))).toBe(5n);
    expect(x.grow(1n)).toBe(-1n);
    expect(x.grow(2n ** 40n)).toBe(-1n);
  });

  it('a flat 64-bit memory that grows past 4 GiB keeps its bytes', () => {
    const m = new MemoryInst(65535, 65540, false, undefined, 65536, true);
    const byteAt = (ea: number): number => {
      const one = new Uint8Array(1);
      m.readBytes(ea, one, 0, 1);
      return one[0];
    };
    m.writeBytes(FOUR_GIB - 65536 - 1, Uint8Array.of(7), 0, 1);
    m.writeBytes(5, Uint8Array.of(9), 0, 1);
    expect(m.segments).toBeNull();
    expect(m.grow(3)).toBe(65535);
    expect(m.segments).not.toBeNull();
    expect(m.u8.length).toBe(0);
    expect(byteAt(5)).toBe(9);
    expect(byteAt(FOUR_GIB - 65536 - 1)).toBe(7);
    expect(byteAt(FOUR_GIB + 65536)).toBe(0);
  });

  it('the JS API Memory refuses to give a .buffer', () => {
    const x = instantiate();
    expect(() => x.mem.buffer).toThrow(RangeError);
    expect(() => x.mem.buffer).toThrow(/larger than one ArrayBuffer/);
    const small = new Memory({ initial: 1n, address: 'i64' });
    expect(small.buffer.byteLength).toBe(65536);
  });

  it('refuses absurd sizes with a clear error; the cap is MAX_MEMORY64_BYTES', () => {
    expect(() => new MemoryInst(2 ** 32, undefined, false, undefined, 65536, true)).toThrow(/exceeds the limit/);
    expect(() => new MemoryInst(2 ** 48, undefined, false, undefined, 1, true)).toThrow(/2814749767106\d+ bytes\) exceeds/);
    const capPages = MAX_MEMORY64_BYTES / 65536;
    const m = new MemoryInst(capPages, undefined, false, undefined, 65536, true);
    expect(m.byteLength).toBe(MAX_MEMORY64_BYTES);
    expect(m.grow(1)).toBe(-1);
    // an explicit embedder limit applies to 64-bit memories as well
    expect(() => new MemoryInst(0x1_0002, undefined, false, 65536, 65536, true)).toThrow(/exceeds the limit/);
  });

  it('stays small in resident memory', () => {
    const before = process.memoryUsage().rss;
    const xs = [instantiate(), instantiate(), instantiate()];
    for (const x of xs) {
      x.store64(BigInt(FOUR_GIB + 64), 1n);
      x.fill(0n, 0, BigInt(0x1_0002 * 65536)); // zero-fill of the whole memory allocates nothing new
    }
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(256 * 2 ** 20);
    expect(xs[0].load64(BigInt(FOUR_GIB + 64))).toBe(0n);
  });
});
