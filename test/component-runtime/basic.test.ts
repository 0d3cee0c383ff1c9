import { describe, expect, it } from 'vitest';
import { Linker } from '../../src/component/runtime/index.js';
import { loadComponent } from './helpers.js';

describe('no-import components', () => {
  it('asmjs_bigint: add(s64, s64)', () => {
    const c = loadComponent('transpile/runtime/asmjs_bigint.component.wasm');
    const inst = new Linker().instantiate(c);
    const add = inst.exports.func('add');
    expect(add.call([1n, 2n])).toBe(3n);
    expect(add.call([8589934592n, -4398046511104n])).toBe(-4389456576512n);
    const typed = add.typed<[bigint, bigint], bigint>();
    expect(typed(-1n, 1n)).toBe(0n);
  });

  it('adder: docs:adder/add@0.1.0#add, many calls, many instances', () => {
    const c = loadComponent('transpile/runtime/adder.component.wasm');
    const linker = new Linker();
    const inst = linker.instantiate(c);
    const add = inst.exports.instance('docs:adder/add@0.1.0').func('add').typed<[number, number], number>();
    expect(add(1, 3)).toBe(4);
    for (let i = 0; i < 20000; i++) if (add(1, 3) !== 4) throw new Error('bad');
    expect(inst.exports.func('docs:adder/add@0.1.0#add').call([0xffffffff, 1])).toBe(0);
    const inst2 = linker.instantiate(c);
    expect(inst2.exports.func('docs:adder/add@0.1.0#add').call([2, 3])).toBe(5);
    // version-compatible lookup of the export instance
    expect(inst2.exports.func('docs:adder/add@0.1.5#add').call([2, 3])).toBe(5);
  });
});
