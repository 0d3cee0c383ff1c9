import { describe, expect, it } from 'vitest';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { compile as compileWith, validate as validateWith, valTypeMatchesAcross } from '../../src/validate/index.js';
import { PACKS } from '../packs.js';

// The validator with every instruction: the packs' (SIMD, GC) too.
const compile = (bytes: Uint8Array) => compileWith(bytes, PACKS);
const validate = (bytes: ArrayBuffer | ArrayBufferView) => validateWith(bytes, PACKS);
import { CompileError } from '../../src/decoder/errors.js';
import { F64, I32, I64 } from '../../src/decoder/module.js';
import { code, module, section } from '../decoder/helpers.js';

async function invalid(wat: string): Promise<CompileError> {
  const bytes = await parse(wat);
  try {
    compile(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return e as CompileError;
  }
  throw new Error('accepted an invalid module');
}

async function reasonOf(wat: string): Promise<string> {
  const e = await invalid(wat);
  expect(e.kind).toBe('invalid');
  return e.reason;
}

describe('function bodies', () => {
  it('reports a type mismatch at the offending instruction', async () => {
    const bytes = await parse('(module (func (result i32) i64.const 1 i32.const 2 i32.add))');
    let err: CompileError | undefined;
    try {
      compile(bytes);
    } catch (e) {
      err = e as CompileError;
    }
    expect(err?.reason).toBe('type mismatch: instruction requires [i32 i32] but stack has [i64 i32]');
    expect(err?.section).toBe('code');
    // The failing instruction is i32.add, whose operand i64 is wrong: 0x6a at err.offset.
    expect(bytes[err!.offset]).toBe(0x6a);
  });
  it('checks indices', async () => {
    expect(await reasonOf('(module (func local.get 0 drop))')).toBe('unknown local');
    expect(await reasonOf('(module (func call 5))')).toBe('unknown function');
    expect(await reasonOf('(module (func global.get 0 drop))')).toBe('unknown global');
    expect(await reasonOf('(module (func i32.const 0 i32.load drop))')).toBe('unknown memory');
    expect(await reasonOf('(module (func i32.const 0 table.get 0 drop))')).toBe('unknown table');
    expect(await reasonOf('(module (func br 1))')).toBe('unknown label');
    expect(await reasonOf('(module (func (block (type 9))))')).toBe('unknown type');
  });
  it('checks the result of blocks and functions', async () => {
    expect(await reasonOf('(module (func (result i32)))')).toBe('type mismatch: instruction requires [i32] but stack has []');
    expect(await reasonOf('(module (func (block (result i32) i64.const 0)))')).toBe('type mismatch: instruction requires [i32] but stack has [i64]');
    expect(await reasonOf('(module (func (result i32) i32.const 0 (if (result i32) (then i32.const 1))))')).toBe(
      // (the missing else branch passes no value through)
      'type mismatch: instruction requires [i32] but stack has []',
    );
    expect(await reasonOf('(module (func i32.const 1 i32.const 2 drop))')).toBe('type mismatch: values remaining on stack at end of block');
  });
  it('types unreachable code polymorphically', () =>
    expect(
      parse(`(module (func (result i32) unreachable i32.add)
        (func (result f64) (block (result f64) (block (result f32) unreachable (br_table 0 1 1 (i32.const 1))) drop (f64.const 0))))`)
        .then((b) => validate(b)),
    ).resolves.toBe(true));
  it('checks memory immediates', async () => {
    expect(await reasonOf('(module (memory 1) (func i32.const 0 i32.load align=8 drop))')).toBe(
      'alignment must not be larger than natural',
    );
    expect(await reasonOf('(module (memory 1) (func i32.const 0 v128.const i32x4 0 0 0 0 v128.load8_lane 16 drop))')).toBe(
      'invalid lane index',
    );
    expect(await reasonOf('(module (func v128.const i32x4 0 0 0 0 i32x4.extract_lane 4 drop))')).toBe('invalid lane index');
    expect(await reasonOf('(module (memory 1 1 shared) (func i32.const 0 i32.atomic.load align=2 drop))')).toBe(
      'alignment must be exactly natural',
    );
  });
  it('checks globals, select and references', async () => {
    expect(await reasonOf('(module (global i32 (i32.const 0)) (func i32.const 1 global.set 0))')).toBe('immutable global: global.set needs a mutable global');
    expect(await reasonOf('(module (func (result funcref) ref.func 0))')).toBe('undeclared function reference');
    expect(await reasonOf('(module (func (param funcref funcref i32) local.get 0 local.get 1 local.get 2 select drop))')).toBe(
      'type mismatch',
    );
    expect(validate(await parse('(module (func (result funcref) ref.func 0) (elem declare func 0))'))).toBe(true);
  });
  it('tracks initialization of non-defaultable locals', async () => {
    expect(await reasonOf('(module (type $t (func)) (func (local (ref $t)) local.get 0 drop))')).toBe('uninitialized local');
    const ok = `(module (type $t (func)) (elem declare func $f) (func $f (local (ref $t)) ref.func $f local.set 0 local.get 0 drop))`;
    expect(validate(await parse(ok))).toBe(true);
    // initialization inside a block does not survive the block's end
    expect(
      await reasonOf(
        '(module (type $t (func)) (elem declare func $f) (func $f (local (ref $t)) (block ref.func $f local.set 0) local.get 0 drop))',
      ),
    ).toBe('uninitialized local');
  });
  it('validates exceptions, tail calls and GC instructions', async () => {
    const ok = await parse(`(module
      (type $pt (struct (field (mut i32)) (field i64)))
      (type $arr (array (mut f64)))
      (tag $e (param i32))
      (func $thrower (throw $e (i32.const 1)))
      (func (result i32)
        (block $h (result i32) (try_table (catch $e $h) (call $thrower)) (i32.const 0)))
      (func (param (ref null $pt)) (result i64) local.get 0 struct.get $pt 1)
      (func (result (ref $arr)) (array.new $arr (f64.const 1) (i32.const 3)))
      (func (param anyref) (result i32) (ref.test (ref $pt) (local.get 0)))
      (func (result i32) (return_call $r))
      (func $r (result i32) i32.const 7))`);
    expect(validate(ok)).toBe(true);
    expect(await reasonOf('(module (type $pt (struct (field i32))) (func (param (ref $pt)) local.get 0 i32.const 1 struct.set $pt 0))')).toBe(
      'immutable field: struct.set needs a mutable field',
    );
    expect(await reasonOf('(module (func (result i64) (return_call $r)) (func $r (result i32) i32.const 7))')).toBe('type mismatch');
    expect(await reasonOf('(module (tag $e (param i32)) (func (throw $e)))')).toBe('type mismatch: instruction requires [i32] but stack has []');
  });
});

describe('module structure', () => {
  it('locates module-level errors at their section', async () => {
    const e = await invalid('(module (memory 2 1))');
    expect(e.section).toBe('memory');
    // header (8) + section id (1) + size (1): the memory section's payload starts at 10
    expect(e.offset).toBe(10);
  });
  // A loop over the 2^32 - 1 claimed operands would outlast the timeout (no timing assertion: CI is shared).
  it('terminates quickly on array.new_fixed with a huge count in unreachable code', { timeout: 10_000 }, () => {
    const bytes = module(
      section(1, [2, 0x5e, 0x7f, 0x00, 0x60, 0, 0]),
      section(3, [1, 1]),
      code([0, 0x00, 0xfb, 0x08, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x1a, 0x0b]),
    );
    expect(validate(bytes)).toBe(true);
  });
  it('checks limits', async () => {
    expect(await reasonOf('(module (memory 2 1))')).toBe('size minimum must not be greater than maximum');
    expect(await reasonOf('(module (memory 65537))')).toBe('memory size must be at most 65536 pages (4GiB)');
    expect(validate(await parse('(module (memory i64 65537))'))).toBe(true);
  });
  it('checks exports, start and tags', async () => {
    expect(await reasonOf('(module (func) (export "a" (func 0)) (export "a" (func 0)))')).toBe('duplicate export name');
    expect(await reasonOf('(module (func (param i32)) (start 0))')).toBe('start function');
    expect(await reasonOf('(module (type (func (result i32))) (tag (type 0)))')).toBe('non-empty tag result type');
  });
  it('checks constant expressions', async () => {
    expect(await reasonOf('(module (global i32 (i32.const 0) (i32.const 1) (i32.add) (i32.eqz)))')).toBe(
      'constant expression required',
    );
    expect(await reasonOf('(module (global (mut i32) (i32.const 0)) (global i32 (global.get 0)))')).toBe(
      'constant expression required',
    );
    expect(await reasonOf('(module (global i32 (global.get 1)) (global i32 (i32.const 0)))')).toBe('unknown global');
    expect(await reasonOf('(module (global i64 (i32.const 0)))')).toBe('type mismatch: instruction requires [i64] but stack has [i32]');
    // extended const and prior immutable globals (3.0)
    expect(validate(await parse('(module (global i32 (i32.const 2)) (global i32 (i32.add (global.get 0) (i32.const 3))))'))).toBe(
      true,
    );
  });
  it('checks declared subtypes', async () => {
    expect(await reasonOf('(module (type $a (struct)) (type $b (sub $a (struct))))')).toBe('sub type');
    expect(await reasonOf('(module (type $a (sub (struct (field i32)))) (type $b (sub $a (struct (field i64)))))')).toBe(
      'sub type',
    );
    expect(validate(await parse('(module (type $a (sub (struct (field i32)))) (type $b (sub $a (struct (field i32) (field i64)))))'))).toBe(true);
  });
  it('requires a data count section for memory.init', async () => {
    const bytes = await parse('(module (memory 1) (data "x") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1))))');
    expect(validate(bytes)).toBe(true);
  });
});

describe('ValidatedModule', () => {
  it('exposes function, global and table types', async () => {
    const vm = compile(
      await parse(`(module (import "m" "f" (func (param i32) (result i64))) (global (mut f64) (f64.const 0))
        (table 1 funcref) (func (export "g") (result i32) i32.const 0) (elem declare func 1))`),
    );
    expect(vm.funcTypes[0]).toEqual({ kind: 'func', params: [I32], results: [I64] });
    expect(vm.funcTypes[1].results).toEqual([I32]);
    expect(vm.globalTypes[0]).toEqual({ type: F64, mutable: true });
    expect(vm.tableTypes.length).toBe(1);
    expect(vm.declaredFuncRefs[1]).toBe(1);
    expect(vm.declaredFuncRefs[0]).toBe(0);
  });
  it('gives equivalent recursion groups the same canonical ids, across modules', async () => {
    const a = compile(await parse('(module (rec (type $x (struct (field (ref null $y)))) (type $y (array i8))) (type $f (func)))'));
    const b = compile(await parse('(module (type $f (func)) (rec (type $x (struct (field (ref null $y)))) (type $y (array i8))))'));
    const c = compile(await parse('(module (rec (type $x (struct (field (ref null $y)))) (type $y (array i16))))'));
    expect(a.canonicalTypeIds[0]).toBe(b.canonicalTypeIds[1]);
    expect(a.canonicalTypeIds[1]).toBe(b.canonicalTypeIds[2]);
    expect(a.canonicalTypeIds[2]).toBe(b.canonicalTypeIds[0]);
    expect(c.canonicalTypeIds[0]).not.toBe(a.canonicalTypeIds[0]);
    // Inside one module, equivalent types share a representative index.
    const d = compile(await parse('(module (type (func (param i32))) (type (func (param i32))))'));
    expect(Array.from(d.representative)).toEqual([0, 0]);
  });
  it('matches reference types across modules by canonical id', async () => {
    const a = compile(await parse('(module (type $p (sub (struct))) (type $c (sub $p (struct (field i32)))))'));
    const b = compile(await parse('(module (type $f (func)) (type $p (sub (struct))))'));
    const ref = (nullable: boolean, typeIndex: number) => (nullable ? 0x1800_0000 : 0x1000_0000) | (0x100 + typeIndex);
    // a.$c <: a.$p ≡ b.$p
    expect(valTypeMatchesAcross(a, ref(false, 1), b, ref(true, 1))).toBe(true);
    expect(valTypeMatchesAcross(b, ref(true, 1), a, ref(false, 0))).toBe(false); // nullable into non-null
    expect(valTypeMatchesAcross(b, ref(false, 1), a, ref(false, 1))).toBe(false); // supertype into subtype
    expect(valTypeMatchesAcross(a, ref(false, 1), b, ref(false, 0))).toBe(false); // struct vs func
    // concrete struct <: eqref; nullfuncref <: (ref null $f)
    expect(valTypeMatchesAcross(a, ref(false, 1), b, 0x1800_0000 | 0x6d)).toBe(true);
    expect(valTypeMatchesAcross(a, 0x1800_0000 | 0x73, b, ref(true, 0))).toBe(true);
    expect(valTypeMatchesAcross(a, I32, b, I32)).toBe(true);
  });
  it('validate() accepts any BufferSource and returns false for malformed input', async () => {
    const bytes = await parse('(module)');
    expect(validate(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)).toBe(true);
    expect(validate(new Uint8Array([0, 1, 2]))).toBe(false);
  });
});
