// Link errors name the import; exported functions imported elsewhere are called directly (bits preserved);
// funcrefs compare by identity across instances; Memory/Table/Global objects are shared.
import { describe, expect, it } from 'vitest';
import { Global, Instance, LinkError, Memory, Module, Table } from '../../src/index.js';
import { buildModule, f32, i32 } from './wasm-builder.js';

const importer = buildModule({
  imports: [{ module: 'm', name: 'f', params: [i32], results: [i32] }],
  funcs: [{ params: [i32], results: [i32], body: [0x20, 0, 0x10, 0], export: 'g' }],
});
const exporter = buildModule({
  funcs: [
    { params: [i32], results: [i32], body: [0x20, 0, 0x41, 1, 0x6a], export: 'inc' },
    { params: [f32], results: [f32], body: [0x20, 0], export: 'idf32' },
  ],
});

describe('linking', () => {
  it('missing imports are LinkErrors naming the import', () => {
    expect(() => new Instance(new Module(importer), {})).toThrow(LinkError);
    expect(() => new Instance(new Module(importer), { m: {} })).toThrow(/"m" "f"/);
  });

  it('type mismatch of an exported wasm function is a LinkError', () => {
    const ex = new Instance(new Module(exporter), {});
    expect(() => new Instance(new Module(importer), { m: { f: ex.exports.idf32 } })).toThrow(/incompatible import type/);
  });

  it('calls another instance directly', () => {
    const ex = new Instance(new Module(exporter), {});
    const im = new Instance(new Module(importer), { m: { f: ex.exports.inc } });
    expect((im.exports.g as (n: number) => number)(41)).toBe(42);
  });

  it('NaN payloads survive bit-exact invoke', () => {
    const ex = new Instance(new Module(exporter), {});
    const r = ex.invoke('idf32', [{ type: 'f32', bits: 0x7fa00001 }]);
    expect(r).toEqual([{ type: 'f32', bits: 0x7fa00001 }]);
  });

  it('Memory, Table and Global objects', () => {
    const mem = new Memory({ initial: 1, maximum: 3 });
    expect(mem.buffer.byteLength).toBe(65536);
    expect(mem.grow(1)).toBe(1);
    expect(mem.buffer.byteLength).toBe(131072);
    expect(() => mem.grow(5)).toThrow(RangeError);
    const ex = new Instance(new Module(exporter), {});
    const t = new Table({ element: 'anyfunc', initial: 2 });
    t.set(0, ex.exports.inc);
    expect(t.get(0)).toBe(ex.exports.inc);
    expect(t.get(1)).toBe(null);
    expect(t.grow(2)).toBe(2);
    expect(t.length).toBe(4);
    const g = new Global({ value: 'i64', mutable: true }, 5n);
    expect(g.value).toBe(5n);
    g.value = -1n;
    expect(g.value).toBe(-1n);
  });

  it('Module.exports / imports descriptors', () => {
    expect(Module.imports(new Module(importer))).toEqual([{ module: 'm', name: 'f', kind: 'function' }]);
    expect(Module.exports(new Module(exporter))).toEqual([{ name: 'inc', kind: 'function' }, { name: 'idf32', kind: 'function' }]);
  });
});

describe('Module input', () => {
  it('respects byteOffset of views (Uint8Array, DataView) and accepts ArrayBuffer', () => {
    const big = new Uint8Array(exporter.length + 7);
    big.set(exporter, 3);
    const views = [new Uint8Array(big.buffer, 3, exporter.length), new DataView(big.buffer, 3, exporter.length), exporter.slice().buffer];
    for (const v of views) {
      const inst = new Instance(new Module(v), {});
      expect((inst.exports.inc as (n: number) => number)(1)).toBe(2);
    }
  });
});
