// WebAssembly 3.0 / threads execution: exceptions across host frames, legacy exceptions, Unsupported, atomics,
// SIMD on multi-memory and memory64 (the spec suites do not cover these paths).
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, Trap, Unsupported } from '../../src/index.js';
import { jit } from '../../src/jit/index.js';
import { PACKS } from '../packs.js';

function str(s: string): number[] {
  const b = Array.from(Buffer.from(s, 'utf8'));
  return [b.length, ...b];
}
function section(id: number, payload: number[]): number[] {
  const n = payload.length;
  return [id, ...(n < 128 ? [n] : [(n & 0x7f) | 0x80, n >> 7]), ...payload];
}
function body(code: number[]): number[] {
  const b = [0, ...code, 0x0b]; // no locals
  return [b.length, ...b];
}

// (type 0 (func (param i32)))  (type 1 (func (param i32) (result i32)))
// (import "env" "host" (func 0 (type 1)))
// (tag 0 (type 0)) (export "t" (tag 0))
// catchHost(x) = block i32 (try_table i32 (catch 0 0) (call host x)) end
// throw(x) = throw 0 x;  legacy() = try end (unimplemented);  rethrowAll(x) = try_table (catch_all_ref) ... throw_ref
const bytes = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [3, 0x60, 1, 0x7f, 0, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 0, 0]),
  ...section(2, [1, ...str('env'), ...str('host'), 0x00, 1]),
  ...section(3, [8, 1, 0, 2, 1, 1, 1, 1, 1]),
  ...section(13, [1, 0x00, 0]),
  ...section(7, [9, ...str('catchHost'), 0, 1, ...str('throw'), 0, 2, ...str('legacy'), 0, 3, ...str('t'), 4, 0,
    ...str('tryCatch'), 0, 5, ...str('rethrow'), 0, 6, ...str('delegate'), 0, 7, ...str('delegateOut'), 0, 8,
    ...str('viaRef'), 0, 4]),
  ...section(10, [8,
    ...body([0x02, 0x7f, 0x1f, 0x7f, 1, 0x00, 0, 0, 0x20, 0, 0x10, 0, 0x0b, 0x0b]),
    ...body([0x20, 0, 0x08, 0]),
    ...body([0x41, 0, 0xfb, 0x1c, 0x1a]), // ref.i31; drop
    // viaRef(x): block exnref (try_table (catch_all_ref 0) (throw 0 x+1)) end; throw_ref
    ...body([0x02, 0x69, 0x1f, 0x40, 1, 0x03, 0, 0x20, 0, 0x41, 1, 0x6a, 0x08, 0, 0x0b, 0x00, 0x0b, 0x0a]),
    // legacy: try i32 (throw x) catch 0 (+1) end
    ...body([0x06, 0x7f, 0x20, 0, 0x08, 0, 0x07, 0, 0x41, 1, 0x6a, 0x0b]),
    // try i32 (try i32 (throw x) catch_all rethrow 0 end) catch 0 (+2) end
    ...body([0x06, 0x7f, 0x06, 0x7f, 0x20, 0, 0x08, 0, 0x19, 0x09, 0, 0x0b, 0x07, 0, 0x41, 2, 0x6a, 0x0b]),
    // try i32 (try i32 (throw x) delegate 0) catch 0 (+3) end
    ...body([0x06, 0x7f, 0x06, 0x7f, 0x20, 0, 0x08, 0, 0x18, 0, 0x07, 0, 0x41, 3, 0x6a, 0x0b]),
    // try i32 (try i32 (throw x) delegate 1) catch 0 (+3) end: delegated past the outer try
    ...body([0x06, 0x7f, 0x06, 0x7f, 0x20, 0, 0x08, 0, 0x18, 1, 0x07, 0, 0x41, 3, 0x6a, 0x0b]),
  ]),
]);

describe('exceptions', () => {
  it('a host function can catch a wasm exception and rethrow it into wasm', () => {
    let inst: Instance | undefined;
    const host = (x: number): number => {
      const t = inst!.exports.throw as (n: number) => void;
      try {
        t(x * 2);
      } catch (e) {
        expect((e as Error).name).toBe('Exception');
        throw e;
      }
      return -1;
    };
    inst = new Instance(new Module(bytes, PACKS), { env: { host } });
    expect((inst.exports.catchHost as (n: number) => number)(21)).toBe(42);
    // the machine is usable afterwards and an uncaught exception reaches JS
    expect(() => (inst!.exports.throw as (n: number) => void)(1)).toThrow(/exception/);
  });

  it('a JS error from a host is not catchable by wasm', () => {
    const inst = new Instance(new Module(bytes, PACKS), { env: { host: () => { throw new TypeError('boom'); } } });
    expect(() => (inst.exports.catchHost as (n: number) => number)(1)).toThrow(TypeError);
  });

  it('catch_all_ref + throw_ref rethrows the same exception', () => {
    const inst = new Instance(new Module(bytes, PACKS), { env: { host: (x: number) => x } });
    let caught: unknown;
    try {
      (inst.exports.viaRef as (n: number) => void)(4);
    } catch (e) {
      caught = e;
    }
    expect((caught as { name: string }).name).toBe('Exception');
    expect(Array.from((caught as { units: Int32Array }).units)).toEqual([5, 0]);
    expect((caught as { tag: unknown }).tag).toBe(inst.exports.t);
  });

  it('Unsupported is a typed error naming the feature', () => {
    const e = new Unsupported('GC: struct.new');
    expect(e).toBeInstanceOf(Error);
    expect(e.feature).toBe('GC: struct.new');
    expect(e.message).toBe('not implemented: GC: struct.new');
    // the GC function that used to be refused now runs
    const inst = new Instance(new Module(bytes, PACKS), { env: { host: (x: number) => x + 1 } });
    expect((inst.exports.legacy as () => unknown)()).toBeUndefined();
  });
});

describe('legacy exceptions', () => {
  const inst = new Instance(new Module(bytes, PACKS), { env: { host: (x: number) => x } });
  const x = inst.exports as Record<string, (n: number) => number>;
  it('try/catch, catch_all + rethrow, delegate', () => {
    expect(x.tryCatch(10)).toBe(11);
    expect(x.rethrow(10)).toBe(12);
    expect(x.delegate(10)).toBe(13);
    expect(() => x.delegateOut(10)).toThrow(/exception/);
    expect(x.tryCatch(20)).toBe(21);
  });
});

describe('atomics', () => {
  // (memory 1 1 shared) i32.atomic.rmw.add(addr, v); wait32(addr, expected, -1)
  const m = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [2, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]),
    ...section(3, [2, 0, 1]),
    ...section(5, [1, 0x03, 1, 1]),
    ...section(7, [2, ...str('add'), 0, 0, ...str('wait'), 0, 1]),
    ...section(10, [2,
      ...body([0x20, 0, 0x20, 1, 0xfe, 0x1e, 2, 0]),
      ...body([0x20, 0, 0x20, 1, 0x42, 0x7f, 0xfe, 0x01, 2, 0]),
    ]),
  ]);
  it('rmw returns the old value; wait is not-equal / timed-out; misalignment traps', () => {
    const inst = new Instance(new Module(m, PACKS), {});
    const add = inst.exports.add as (a: number, v: number) => number;
    const wait = inst.exports.wait as (a: number, v: number) => number;
    expect(add(8, 5)).toBe(0);
    expect(add(8, 5)).toBe(5);
    expect(wait(8, 0)).toBe(1);
    expect(wait(8, 10)).toBe(2);
    expect(() => add(2, 1)).toThrow(Trap);
    expect(() => add(2, 1)).toThrow(/unaligned atomic/);
  });
});

describe('SIMD on other memories', () => {
  it('v128 load/store on memory 1 (multi-memory)', () => {
    // (memory 1) (memory 1); f(a, v): v128.store mem 1 (a, splat v); extract_lane 3 (v128.load mem 1 a)
    const m = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(1, [2, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, 0x60, 1, 0x7f, 1, 0x7f]),
      ...section(3, [2, 0, 1]),
      ...section(5, [2, 0x00, 1, 0x00, 1]),
      ...section(7, [2, ...str('f'), 0, 0, ...str('g0'), 0, 1]),
      ...section(10, [2,
        ...body([0x20, 0, 0x20, 1, 0xfd, 0x11, 0xfd, 0x0b, 0x44, 1, 0, 0x20, 0, 0xfd, 0x00, 0x44, 1, 0, 0xfd, 0x1b, 3]),
        ...body([0x20, 0, 0x28, 2, 0]),
      ]),
    ]);
    const inst = new Instance(new Module(m, PACKS), {});
    const f = inst.exports.f as (a: number, v: number) => number;
    expect(f(16, 77)).toBe(77);
    expect((inst.exports.g0 as (a: number) => number)(16)).toBe(0);
    expect(() => f(65536 - 8, 1)).toThrow(/out of bounds memory access/);
  });

  it('v128 load/store on a 64-bit memory', () => {
    // (memory i64 1); st(a: i64, v): v128.store (a, splat v); ld(a: i64) = extract_lane 0 (v128.load a)
    const m = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(1, [2, 0x60, 2, 0x7e, 0x7f, 0, 0x60, 1, 0x7e, 1, 0x7f]),
      ...section(3, [2, 0, 1]),
      ...section(5, [1, 0x04, 1]),
      ...section(7, [2, ...str('st'), 0, 0, ...str('ld'), 0, 1]),
      ...section(10, [2,
        ...body([0x20, 0, 0x20, 1, 0xfd, 0x11, 0xfd, 0x0b, 0x04, 0]),
        ...body([0x20, 0, 0xfd, 0x00, 0x04, 0, 0xfd, 0x1b, 0]),
      ]),
    ]);
    const inst = new Instance(new Module(m, PACKS), {});
    const st = inst.exports.st as (a: bigint, v: number) => void;
    const ld = inst.exports.ld as (a: bigint) => number;
    st(32n, -5);
    expect(ld(32n)).toBe(-5);
    expect(ld(36n)).toBe(-5);
    expect(() => ld(65536n - 8n)).toThrow(/out of bounds memory access/);
    expect(() => ld(1n << 32n)).toThrow(/out of bounds memory access/);
  });
});

describe('GC values at the JS boundary', () => {
  // mk(i32) -> anyref = ref.i31; get(anyref) -> i32 = i31.get_s (ref.cast (ref i31))
  const m = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [2, 0x60, 1, 0x7f, 1, 0x6e, 0x60, 1, 0x6e, 1, 0x7f]),
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...str('mk'), 0, 0, ...str('get'), 0, 1]),
    ...section(10, [2,
      ...body([0x20, 0, 0xfb, 0x1c]),
      ...body([0x20, 0, 0xfb, 0x16, 0x6c, 0xfb, 0x1d]),
    ]),
  ]);
  it('an i31ref is a Number in JS and a Number in i31 range is an i31ref', () => {
    const inst = new Instance(new Module(m, PACKS), {});
    const mk = inst.exports.mk as (v: number) => unknown;
    const get = inst.exports.get as (v: unknown) => number;
    expect(mk(-5)).toBe(-5);
    expect(mk(0x7fffffff)).toBe(-1);
    expect(get(123)).toBe(123);
    expect(get(mk(-7))).toBe(-7);
    expect(() => get({})).toThrow(/cast failure/);
  });
});

describe('table64: every index and length operand uses all 64 bits', () => {
  // An operand with a nonzero high half is out of bounds; taking only its low half would hit element 0.
  it('table.fill, table.copy and table.init trap on an index of 2^32', async () => {
    const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
    const wasm = await parse(`(module
      (table $t i64 4 funcref)
      (func $f)
      (elem $e func $f)
      (func (export "fill") (param i64) (table.fill $t (local.get 0) (ref.func $f) (i64.const 1)))
      (func (export "copy") (param i64) (table.copy $t $t (local.get 0) (i64.const 0) (i64.const 1)))
      (func (export "init") (param i64) (table.init $t $e (local.get 0) (i32.const 0) (i32.const 1)))
      (func (export "null0") (result i32) (ref.is_null (table.get $t (i64.const 0)))))`);
    const inst = new Instance(new Module(wasm, PACKS), {});
    const e = inst.exports as Record<string, (x?: bigint) => unknown>;
    for (const op of ['fill', 'copy', 'init']) {
      expect(() => e[op](2n ** 32n), op).toThrow(Trap);
      expect(e.null0(), op).toBe(1);
    }
    e.fill(0n);
    expect(e.null0()).toBe(0);
  });

  it('call_indirect and return_call_indirect trap on an index of 2^32, as in Node 26 (ttf memory64 seed 101)', async () => {
    // (the interpreter took the low half and called element 0; Node 26: "table index is out of bounds")
    const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
    const wasm = await parse(`(module
      (type $v (func (result i32)))
      (table $t i64 1 funcref)
      (func $seven (type $v) (i32.const 7))
      (elem (table $t) (i64.const 0) func $seven)
      (func (export "call") (param i64) (result i32) (call_indirect $t (type $v) (local.get 0)))
      (func (export "tail") (param i64) (result i32) (return_call_indirect $t (type $v) (local.get 0))))`);
    for (const tier of ['interpreter', 'js'] as const) {
      const e = new Instance(new Module(wasm, PACKS), {}, { store: new Store({ tier, compiler: jit }) }).exports as Record<string, (x: bigint) => number>;
      for (const op of ['call', 'tail']) {
        expect(e[op](0n), `${tier} ${op}`).toBe(7);
        expect(() => e[op](2n ** 32n), `${tier} ${op}`).toThrow(/undefined element/);
      }
    }
  });
});
