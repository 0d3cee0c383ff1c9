// Memories grow with amortized capacity; the JS API's Memory#buffer is always exactly the memory's size and
// the buffer JS held before a grow is detached (as V8 does for wasm memories).
import { describe, expect, it } from 'vitest';
import { Instance, Memory, Module } from '../../src/index.js';

async function wat(text: string): Promise<Module> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return new Module(await parse(text));
}

describe('memory growth', () => {
  it('page-by-page growth keeps contents and bounds exact', async () => {
    const m = await wat(`(module (memory (export "mem") 1)
      (func (export "grow1") (result i32) (memory.grow (i32.const 1)))
      (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))`);
    const i = new Instance(m, {});
    const e = i.exports as Record<string, (...a: number[]) => number>;
    e.store(65532, 0x11223344);
    for (let p = 1; p < 300; p++) {
      expect(e.grow1()).toBe(p);
      e.store(p * 65536 + 65532, p);
    }
    expect(e.load(65532)).toBe(0x11223344);
    for (let p = 1; p < 300; p++) expect(e.load(p * 65536 + 65532)).toBe(p);
    expect(() => e.load(300 * 65536 - 3)).toThrow(/out of bounds/);
    // the capacity beyond the size reads as zero once grown into
    expect(e.grow1()).toBe(300);
    expect(e.load(300 * 65536 + 100)).toBe(0);
    const mem = i.exports.mem as Memory;
    expect(mem.buffer.byteLength).toBe(301 * 65536);
    expect(new Int32Array(mem.buffer)[(299 * 65536 + 65532) / 4]).toBe(299);
  });

  it('Memory#buffer: exact size, the same object until a grow, then the old one is detached', async () => {
    const m = await wat(`(module (import "js" "mem" (memory 1))
      (func (export "grow1") (result i32) (memory.grow (i32.const 1)))
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))`);
    const mem = new Memory({ initial: 1 });
    const i = new Instance(m, { js: { mem } });
    const e = i.exports as Record<string, (...a: number[]) => number>;
    const b1 = mem.buffer;
    expect(mem.buffer).toBe(b1);
    new Int32Array(b1)[1] = 42;
    expect(e.load(4)).toBe(42);
    expect(e.grow1()).toBe(1);
    expect(b1.byteLength).toBe(0); // detached: writes through it cannot silently miss the memory
    const b2 = mem.buffer;
    expect(b2).not.toBe(b1);
    expect(b2.byteLength).toBe(2 * 65536);
    new Int32Array(b2)[65536 / 4] = 7;
    expect(e.load(65536)).toBe(7);
    expect(mem.grow(2)).toBe(2);
    expect(b2.byteLength).toBe(0);
    expect(mem.buffer.byteLength).toBe(4 * 65536);
    expect(e.load(4)).toBe(42);
  });
});
