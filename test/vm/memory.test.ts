// memory.grow from wasm and from JS, the maxMemoryPages option, unaligned little-endian access.
import { describe, expect, it } from 'vitest';
import { Instance, Module } from '../../src/index.js';
import { buildModule, i32, i64 } from './wasm-builder.js';

const bytes = buildModule({
  memory: { min: 1, max: 10, export: 'mem' },
  funcs: [
    { params: [i32], results: [i32], body: [0x20, 0, 0x40, 0], export: 'grow' },
    { params: [], results: [i32], body: [0x3f, 0], export: 'size' },
    { params: [i32], results: [i64], body: [0x20, 0, 0x29, 0, 0], export: 'load64' }, // align 1
    { params: [i32, i64], results: [], body: [0x20, 0, 0x20, 1, 0x37, 0, 0], export: 'store64' },
  ],
});

describe('memory', () => {
  it('grows within the declared maximum', () => {
    const x = new Instance(new Module(bytes), {}).exports as Record<string, (...a: unknown[]) => unknown>;
    expect(x.grow(2)).toBe(1);
    expect(x.size()).toBe(3);
    expect(x.grow(8)).toBe(-1);
    expect((x.mem as unknown as { buffer: ArrayBuffer }).buffer.byteLength).toBe(3 * 65536);
  });

  it('maxMemoryPages limits growth', () => {
    const x = new Instance(new Module(bytes), {}, { maxMemoryPages: 2 }).exports as Record<string, (...a: unknown[]) => unknown>;
    expect(x.grow(1)).toBe(1);
    expect(x.grow(1)).toBe(-1);
  });

  it('unaligned little-endian i64 access is exact', () => {
    const x = new Instance(new Module(bytes), {}).exports as Record<string, (...a: unknown[]) => unknown>;
    x.store64(3, -0x0123456789abcdefn);
    expect(x.load64(3)).toBe(-0x0123456789abcdefn);
    const u8 = new Uint8Array((x.mem as unknown as { buffer: ArrayBuffer }).buffer);
    expect(Array.from(u8.subarray(3, 11))).toEqual([0x11, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe]);
    // the views are refreshed after growth
    expect(x.grow(1)).toBe(1);
    x.store64(65536 + 5, 7n);
    expect(x.load64(65536 + 5)).toBe(7n);
  });
});
