// The instruction packs (`purewasm/simd`, `purewasm/gc`, `purewasm/threads`, `purewasm/legacy-exceptions`;
// src/decoder/features.ts): without its pack a module using a 0xFD, 0xFB, 0xFE or legacy exception-handling
// instruction is refused at compile time with an error naming the instruction, where it
// is and how to give the pack; with it the module runs. The packs travel with the module, so one given to a
// component reaches its core modules.
import { describe, expect, it } from 'vitest';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { CompileError, Component, Instance, Linker, Module, validate } from '../../src/index.js';
import { gc } from '../../src/gc/index.js';
import { legacyExceptions } from '../../src/legacy-exceptions/index.js';
import { simd } from '../../src/simd/index.js';
import { threads } from '../../src/threads/index.js';

const SIMD_WAT = `(module (func (export "f") (result i32)
  (i32x4.extract_lane 2 (v128.const i32x4 1 2 3 4))))`;
const GC_WAT = `(module (type $s (struct (field i32)))
  (func (export "f") (result i32) (struct.get $s 0 (struct.new $s (i32.const 7)))))`;

// (memory.atomic.wait32 on an unshared memory traps: the memory is shared; with one agent the wait on an
// equal value times out, 2)
const THREADS_WAT = `(module (memory 1 1 shared)
  (func (export "f") (result i32)
    (drop (i32.atomic.rmw.add (i32.const 8) (i32.const 5)))
    atomic.fence
    (i32.add (i32.atomic.load (i32.const 8))
      (memory.atomic.wait32 (i32.const 8) (i32.const 5) (i64.const 0)))))`;

// try/catch with the tag's payload, catch_all + rethrow caught outside, and delegate past an inner try: 7+1,
// then 100 + 7 through the rethrown exception, then 7 + 1000 through the delegated one
const LEGACY_WAT = `(module (tag $e (param i32))
  (func $inner (param i32) (result i32)
    try (result i32) local.get 0 throw $e catch $e i32.const 1 i32.add end)
  (func $rethrown (param i32) (result i32)
    try (result i32)
      try local.get 0 throw $e catch_all rethrow 0 end i32.const 0
    catch $e i32.const 100 i32.add end)
  (func $delegated (param i32) (result i32)
    try (result i32)
      try (result i32) try local.get 0 throw $e delegate 1 i32.const 0 catch $e drop i32.const -1 end
    catch $e i32.const 1000 i32.add end)
  (func (export "f") (result i32)
    (i32.add (call $inner (i32.const 7)) (i32.add (call $rethrown (i32.const 7)) (call $delegated (i32.const 7))))))`;

function errorOf(f: () => unknown): CompileError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return e as CompileError;
  }
  throw new Error('compiled without the pack');
}

const run = (m: Module): unknown => (new Instance(m, {}).exports.f as () => unknown)();

describe('instruction packs', () => {
  it('refuses a SIMD instruction without the SIMD pack, naming it, its function and the fix', async () => {
    const bytes = await parse(SIMD_WAT);
    const e = errorOf(() => new Module(bytes));
    expect(e.kind).toBe('invalid');
    expect(e.section).toBe('code');
    expect(e.reason).toBe(
      `SIMD instruction 0xfd 0x0c in function 0 at offset 0x${e.offset.toString(16)} needs the SIMD pack: ` +
        "new Module(bytes, { simd }) with import { simd } from 'purewasm/simd'",
    );
    expect(bytes[e.offset]).toBe(0xfd);
    expect(validate(bytes)).toBe(false);
    // the GC pack is not the SIMD pack
    expect(errorOf(() => new Module(bytes, { gc })).reason).toMatch(/^SIMD instruction 0xfd 0x0c/);
    expect(validate(bytes, { simd })).toBe(true);
    expect(run(new Module(bytes, { simd }))).toBe(3);
  });

  it('refuses a GC instruction without the GC pack, and runs it with the pack', async () => {
    const bytes = await parse(GC_WAT);
    const e = errorOf(() => new Module(bytes, { simd }));
    expect(e.reason).toMatch(/^GC instruction 0xfb 0x00 in function 0 at offset 0x[0-9a-f]+ needs the GC pack: new Module\(bytes, \{ gc \}\) with import \{ gc \} from 'purewasm\/gc'$/);
    expect(run(new Module(bytes, { gc }))).toBe(7);
  });

  it('refuses an atomic instruction without the threads pack, and runs it with the pack', async () => {
    const bytes = await parse(THREADS_WAT);
    const e = errorOf(() => new Module(bytes, { simd, gc }));
    expect(e.kind).toBe('invalid');
    expect(e.reason).toBe(
      `threads instruction 0xfe 0x1e in function 0 at offset 0x${e.offset.toString(16)} needs the threads pack: ` +
        "new Module(bytes, { threads }) with import { threads } from 'purewasm/threads'",
    );
    expect([bytes[e.offset], bytes[e.offset + 1]]).toEqual([0xfe, 0x1e]);
    expect(validate(bytes)).toBe(false);
    expect(validate(bytes, { threads })).toBe(true);
    expect(run(new Module(bytes, { threads }))).toBe(7);
    // atomic.fence alone (no memory access) needs the pack as well
    const fence = await parse('(module (func atomic.fence))');
    expect(errorOf(() => new Module(fence)).reason).toMatch(/^threads instruction 0xfe 0x03 in function 0 at offset /);
    expect(validate(fence, { threads })).toBe(true);
  });

  it('keeps shared memories in the core: a shared memory without atomics needs no pack', async () => {
    const bytes = await parse(`(module (memory (export "m") 1 2 shared)
      (func (export "f") (result i32) (i32.store (i32.const 4) (i32.const 9)) (i32.load (i32.const 4))))`);
    const m = new Module(bytes);
    expect(run(m)).toBe(9);
    expect(Module.exports(m)).toEqual([{ name: 'm', kind: 'memory' }, { name: 'f', kind: 'function' }]);
  });

  it('names an atomic instruction by the pack\'s name in validation errors', async () => {
    const bytes = await parse('(module (memory 1 1 shared) (func (drop (i64.atomic.load32_u align=2 (i32.const 0)))))');
    expect(errorOf(() => new Module(bytes)).reason).toMatch(/^threads instruction 0xfe 0x16 /);
    const e = errorOf(() => new Module(bytes, { threads }));
    expect(e.reason).toBe('alignment must be exactly natural');
    expect(e.detail).toBe('i64.atomic.load32_u in function 0');
  });

  it('refuses a pack given as the other family', async () => {
    const bytes = await parse(SIMD_WAT);
    expect(() => new Module(bytes, { simd: gc as never })).toThrow(new TypeError('the simd feature is given the gc pack (purewasm/gc)'));
    const atomic = await parse('(module (func atomic.fence))');
    expect(() => new Module(atomic, { threads: simd as never })).toThrow(new TypeError('the threads feature is given the simd pack (purewasm/simd)'));
  });

  it('refuses a legacy exception instruction without the legacy-exceptions pack, and runs it with the pack', async () => {
    const bytes = await parse(LEGACY_WAT);
    const e = errorOf(() => new Module(bytes, { simd, gc, threads }));
    expect(e.reason).toBe(
      `legacy exception instruction try (0x06) in function 0 at offset 0x${e.offset.toString(16)} needs the ` +
        "legacy-exceptions pack: new Module(bytes, { legacyExceptions }) with import { legacyExceptions } from 'purewasm/legacy-exceptions'",
    );
    expect(bytes[e.offset]).toBe(0x06);
    expect(validate(bytes)).toBe(false);
    expect(validate(bytes, { legacyExceptions })).toBe(true);
    expect(run(new Module(bytes, { legacyExceptions }))).toBe(8 + 107 + 1007);
    // the WebAssembly 3.0 exception instructions need no pack
    const standard = await parse(`(module (tag $e (param i32)) (func (export "f") (result i32)
      (block $h (result i32) (try_table (catch $e $h) (throw $e (i32.const 4))) (i32.const 0))))`);
    expect(run(new Module(standard))).toBe(4);
    expect(() => new Module(bytes, { legacyExceptions: threads as never })).toThrow(
      new TypeError('the legacyExceptions feature is given the threads pack (purewasm/threads)'),
    );
  });

  it('names a relaxed SIMD instruction by its encoding', async () => {
    const bytes = await parse('(module (func (param v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 0))))');
    expect(errorOf(() => new Module(bytes)).reason).toMatch(/^SIMD instruction 0xfd 0x100 in function 0 /);
  });

  it('refuses pack instructions in constant expressions too', async () => {
    const v = await parse('(module (global (export "g") v128 (v128.const i64x2 1 2)))');
    const e = errorOf(() => new Module(v));
    expect([e.section, e.reason.startsWith('SIMD instruction 0xfd 0x0c at offset')]).toEqual(['global', true]);
    const g = await parse('(module (type $s (struct (field i32))) (global (ref $s) (struct.new $s (i32.const 5))) (func (export "f") (result i32) (struct.get $s 0 (global.get 0))))');
    expect(errorOf(() => new Module(g)).reason).toMatch(/^GC instruction 0xfb 0x00 at offset/);
    expect(run(new Module(g, { gc }))).toBe(5);
  });

  it('keeps v128 values, GC types and function references in the core', async () => {
    // v128 locals, params, globals and moves; ref.eq, ref.func, call_ref; struct types (no GC instruction)
    const bytes = await parse(`(module (type $s (struct (field i32))) (type $f (func (result i32)))
      (global $w (import "m" "w") v128) (global $v (mut v128) (global.get $w))
      (func $k (result i32) (i32.const 9)) (elem declare func $k)
      (func $id (param v128) (result v128) (local.get 0))
      (func (export "f") (result i32) (local v128) (local.set 0 (call $id (local.get 0)))
        (i32.add (ref.eq (ref.null $s) (ref.null $s)) (call_ref $f (ref.func $k)))))`);
    expect(Module.imports(new Module(bytes))).toEqual([{ module: 'm', name: 'w', kind: 'global' }]);
    const noGlobal = await parse(`(module (type $s (struct (field i32))) (type $f (func (result i32)))
      (func $k (result i32) (i32.const 9)) (elem declare func $k)
      (func $id (param v128) (result v128) (local.get 0))
      (func (export "f") (result i32) (local v128) (local.set 0 (call $id (local.get 0)))
        (i32.add (ref.eq (ref.null $s) (ref.null $s)) (call_ref $f (ref.func $k)))))`);
    expect(run(new Module(noGlobal))).toBe(10);
  });

  it('names a pack instruction by the pack\'s name in validation errors', async () => {
    const bytes = await parse('(module (func (param i32) (drop (i8x16.neg (local.get 0)))))');
    const e = errorOf(() => new Module(bytes, { simd }));
    expect(e.reason).toBe('type mismatch: instruction requires [v128] but stack has [i32]');
    expect(e.detail).toBe('i8x16.neg in function 0');
  });

  it('reaches a component\'s core modules through its validate options', async () => {
    const bytes = await parse(`(component
      (core module $m (func (export "f") (result i32) (i32x4.extract_lane 1 (v128.const i32x4 5 6 7 8))))
      (core instance $i (instantiate $m))
      (func (export "f") (result u32) (canon lift (core func $i "f"))))`);
    expect(errorOf(() => new Component(bytes)).reason).toMatch(/^SIMD instruction 0xfd 0x0c in function 0 /);
    const instance = new Linker().instantiate(new Component(bytes, { simd }));
    expect(instance.exports.func('f').call([])).toBe(6);
    const atomics = await parse(`(component
      (core module $m (memory 1 1 shared) (func (export "f") (result i32) (i32.atomic.rmw.xchg (i32.const 0) (i32.const 4))))
      (core instance $i (instantiate $m))
      (func (export "f") (result u32) (canon lift (core func $i "f"))))`);
    expect(errorOf(() => new Component(atomics, { simd, gc })).reason).toMatch(/^threads instruction 0xfe 0x41 in function 0 /);
    expect(new Linker().instantiate(new Component(atomics, { threads })).exports.func('f').call([])).toBe(0);
    const legacy = await parse(`(component
      (core module $m (tag $e) (func (export "f") (result i32) try (result i32) throw $e catch_all i32.const 3 end))
      (core instance $i (instantiate $m))
      (func (export "f") (result u32) (canon lift (core func $i "f"))))`);
    expect(errorOf(() => new Component(legacy, { simd, gc, threads })).reason).toMatch(/^legacy exception instruction try \(0x06\) in function 0 /);
    expect(new Linker().instantiate(new Component(legacy, { legacyExceptions })).exports.func('f').call([])).toBe(3);
  });
});
