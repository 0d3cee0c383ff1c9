// shared-everything-threads in core modules: decoding and validation behind the `sharedEverythingThreads`
// feature (off by default), and the components of the wasm-tools suite that use it.
import { describe, expect, it } from 'vitest';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { compile, type CoreFeatures } from '../../src/validate/index.js';
import { CompileError } from '../../src/decoder/errors.js';
import { HeapType, SHARED_HEAP, heapTypeOf, isNullable } from '../../src/decoder/module.js';
import { validateComponent } from '../../src/component/validate.js';
import { Instance, Module } from '../../src/vm/api.js';
import { PACKS } from '../packs.js';

// (with the instruction packs: some forms are GC instructions on shared types)
const ON: CoreFeatures = { sharedEverythingThreads: true, ...PACKS };

async function compileOn(wat: string) {
  return compile(await parse(wat), ON);
}

async function errorOf(wat: string, features: CoreFeatures = ON): Promise<CompileError> {
  const bytes = await parse(wat);
  try {
    compile(bytes, features);
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return e as CompileError;
  }
  throw new Error('accepted a module that should be rejected');
}

describe('feature off (the default)', () => {
  it('keeps every shared-everything-threads encoding malformed', async () => {
    const forms = [
      '(module (table 1 (ref null (shared func))))', // 0x65 shorthand reference type
      '(module (table 1 (ref (shared func)) (ref.null (shared func))))', // 0x65 heap type after 0x64
      '(module (type (shared (func))))', // 0x65 before a composite type
      '(module (table shared 1 (ref null (shared func))))', // table limits flag bit 1
    ];
    for (const wat of forms) {
      const bytes = await parse(wat);
      expect(() => compile(bytes), wat).toThrow(CompileError);
      try {
        compile(bytes);
      } catch (e) {
        expect((e as CompileError).kind, wat).toBe('malformed');
      }
    }
  });
  it('rejects a shared table flag on a plain funcref table as malformed limits', async () => {
    const e = await errorOf('(module (table shared 1 funcref))', {});
    expect(e.reason).toBe('malformed limits flags');
  });
});

describe('accepted forms (feature on)', () => {
  it('decodes a shared table of (shared func) with its shared flag and heap type', async () => {
    const vm = await compileOn('(module (table (export "t") shared 1 2 (ref null (shared func))))');
    const t = vm.tableTypes[0];
    expect(t.limits.shared).toBe(true);
    expect(t.limits.max).toBe(2);
    expect(isNullable(t.element)).toBe(true);
    expect(heapTypeOf(t.element)).toBe(HeapType.func | SHARED_HEAP);
  });
  it('decodes shared composite types and tables of references to them', async () => {
    const vm = await compileOn(`(module
      (type $f (shared (func (param i32))))
      (type $s (shared (struct (field (mut i32)) (field (ref null $f)) (field (ref null (shared any))))))
      (table shared 1 (ref null $f))
      (table 1 (ref null $s)))`);
    expect(vm.module.types[0].shared).toBe(true);
    expect(vm.module.types[1].shared).toBe(true);
    expect(vm.tableTypes[0].limits.shared).toBe(true);
  });
  it('decodes shared globals and ref.null of a shared heap type in constant expressions and bodies', async () => {
    const vm = await compileOn(`(module
      (global (export "g") (shared mut i32) (i32.const 1))
      (global (ref null (shared any)) (ref.null (shared any)))
      (func (result (ref null (shared extern))) ref.null (shared extern)))`);
    expect(vm.globalTypes[0]).toEqual({ type: 0x7f, mutable: true, shared: true });
    expect(vm.globalTypes[1].shared).toBeUndefined();
  });
  it('keeps shared and unshared hierarchies apart, with the usual subtyping inside the shared one', async () => {
    await compileOn(`(module (func (param (ref null (shared none))) (result (ref null (shared any))) local.get 0))`);
    await compileOn(`(module (type $s (shared (struct)))
      (func (param (ref $s)) (result (ref null (shared eq))) local.get 0))`);
    expect((await errorOf(`(module (func (param (ref null (shared any))) (result anyref) local.get 0))`)).reason)
      .toBe('type mismatch: instruction requires [anyref] but stack has [(ref null (shared any))]');
    expect((await errorOf(`(module (func (param anyref) (result (ref null (shared any))) local.get 0))`)).reason)
      .toBe('type mismatch: instruction requires [(ref null (shared any))] but stack has [anyref]');
  });
  it('lets the sharedness-polymorphic instructions keep their operand sharedness', async () => {
    await compileOn(`(module (func (param (ref null (shared extern))) (result (ref null (shared any)))
      local.get 0 any.convert_extern))`);
    await compileOn(`(module (func (param (ref null (shared eq)) (ref null (shared eq))) (result i32)
      local.get 0 local.get 1 ref.eq))`);
    expect((await errorOf(`(module (func (param (ref null (shared eq)) eqref) (result i32)
      local.get 0 local.get 1 ref.eq))`)).reason).toBe('type mismatch');
  });
  it('distinguishes a shared function type from its unshared twin', async () => {
    expect((await errorOf(`(module (type $a (shared (func))) (type $b (func))
      (func (param (ref $a)) (result (ref $b)) local.get 0))`)).reason).toBe('type mismatch: instruction requires [(ref 1)] but stack has [(ref 0)]');
  });
  it('instantiates a module with a shared table in the single-threaded VM', async () => {
    const bytes = await parse('(module (table (export "t") shared 1 2 (ref null (shared func))) (global (export "g") (shared mut i32) (i32.const 7)))');
    const inst = new Instance(new Module(bytes, ON), {});
    expect(Object.keys(inst.exports)).toEqual(['t', 'g']);
  });
});

describe('rejected forms (feature on)', () => {
  it('a shared table needs a shared element type', async () => {
    expect((await errorOf('(module (table shared 1 funcref))')).reason).toBe('shared tables must have a shared element type');
    expect((await errorOf('(module (type $t (func)) (table shared 1 (ref null $t)))')).reason)
      .toBe('shared tables must have a shared element type');
    expect((await errorOf('(module (table (import "m" "t") shared 1 externref))')).reason)
      .toBe('shared tables must have a shared element type');
  });
  it('a shared composite type may only refer to shared types', async () => {
    expect((await errorOf('(module (type (shared (func (param funcref)))))')).reason)
      .toBe('shared composite type must contain shared types');
    expect((await errorOf('(module (type $u (func)) (type (shared (func (result (ref $u))))))')).reason)
      .toBe('shared composite type must contain shared types');
    expect((await errorOf('(module (type $u (struct)) (type (shared (array (ref null $u)))))')).reason)
      .toBe('shared composite type must contain shared types');
  });
  it('a shared global needs a shared value type', async () => {
    expect((await errorOf('(module (global (shared externref) (ref.null extern)))')).reason)
      .toBe('shared globals must have a shared value type');
  });
  it('a sub type keeps the sharedness of its supertype', async () => {
    const e = await errorOf('(module (type $a (sub (func))) (type (sub $a (shared (func)))))');
    expect(e.reason).toMatch(/^sub type/);
  });
  it('a shared function may only use shared functions, globals, tables and types', async () => {
    const cases: [string, string][] = [
      ['(module (type $s (shared (func))) (type $u (func)) (func (type $s) call $u) (func $u (type $u)))', 'functions'],
      ['(module (global $g i32 (i32.const 0)) (type $s (shared (func))) (func (type $s) global.get $g drop))', 'globals'],
      ['(module (table $t 1 anyref) (type $s (shared (func))) (func (type $s) i32.const 0 table.get $t drop))', 'tables'],
      ['(module (type $a (struct (field i32))) (type $s (shared (func))) (func (type $s) (drop (struct.new $a (i32.const 0)))))', 'structs'],
    ];
    for (const [wat, what] of cases) {
      expect((await errorOf(wat)).reason, wat).toBe(`shared functions cannot access unshared ${what}`);
    }
    // The same accesses of shared fields are fine.
    await compileOn(`(module (type $s (shared (func)))
      (global $g (shared mut i32) (i32.const 0))
      (table $t shared 1 (ref null (shared any)))
      (func (type $s) call $v global.get $g drop i32.const 0 table.get $t drop)
      (func $v (type $s)))`);
  });
});

describe('components using shared-everything-threads (wasm-tools suite)', () => {
  const exportImport = `(component
    (core module $A (table (export "m") shared 1 2 (ref null (shared func))))
    (core instance $A (instantiate $A))
    (alias core export $A "m" (core table $m))
    (core module $B (import "" "" (table shared 1 2 (ref null (shared func)))))
    (core instance (instantiate $B (with "" (instance (export "" (table $m)))))))`;
  const spawnIndirect = `(component
    (core type $start (shared (func (param $context i32))))
    (core module $libc (table (export "start-table") shared 1 (ref null (shared func))))
    (core instance $libc (instantiate $libc))
    (core func (canon thread.spawn-indirect $start (table $libc "start-table"))))`;
  const newIndirect = `(component
    (core type $start (func (param $context i32)))
    (core module $libc (table (export "start-table") 1 (ref null func)))
    (core instance $libc (instantiate $libc))
    (core func (canon thread.new-indirect $start (table $libc "start-table"))))`;

  it('validates them with the feature on', async () => {
    for (const wat of [exportImport, spawnIndirect, newIndirect]) {
      const bytes = await parse(wat);
      expect(() => validateComponent(bytes, ON), wat).not.toThrow();
    }
  });
  it('decodes shared heap types in component-level core types', async () => {
    const bytes = await parse(`(component
      (core type (shared (func (param (ref null (shared any))) (result (ref (shared eq))))))
      (core type $m (module (import "" "" (table shared 1 2 (ref null (shared func))))))
      (core module $A (table (export "t") shared 1 2 (ref null (shared func))))
      (core instance $a (instantiate $A))
      (core module $B (import "" "" (table shared 1 2 (ref null (shared func)))))
      (core instance (instantiate $B (with "" (instance (export "" (table $a "t")))))))`);
    expect(() => validateComponent(bytes, ON)).not.toThrow();
  });
  it('rejects the shared table as malformed in the embedded core module with the feature off', async () => {
    const bytes = await parse(exportImport);
    expect(() => validateComponent(bytes, { sharedEverythingThreads: false })).toThrow(/malformed reference type/);
  });
});
