// Component-model feature switches (ValidateOptions): each gated extension is accepted by default (or
// when switched on) and rejected with wasm-tools' wording when switched off, through validateComponent
// and through `new Component(bytes, options)`. Also the generativity of `(sub resource)` export
// ascriptions. Binaries come from text via wasm-tools (jco-transpile `parse`), which does not validate.
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, it } from 'vitest';
import { validateComponent, type ValidateOptions } from '../../src/component/validate.js';
import { Component, Linker, ResourceHandle } from '../../src/component/runtime/index.js';
import { CompileError } from '../../src/decoder/errors.js';

/** The CompileError reason validation gives, or undefined when it accepts. */
function reason(bytes: Uint8Array, options?: ValidateOptions): string | undefined {
  try {
    validateComponent(bytes, options);
    return undefined;
  } catch (e) {
    if (e instanceof CompileError) return e.reason;
    throw e;
  }
}

const LIBC = '(core module $libc (memory (export "m") 1)) (core instance $libc (instantiate $libc))';
const LIBC64 = '(core module $libc (memory (export "m") i64 1)) (core instance $libc (instantiate $libc))';

interface Gate {
  readonly what: string;
  readonly text: string;
  /** The switch that must be on. */
  readonly option: keyof ValidateOptions;
  /** The error with the switch off (a substring of wasm-tools' message, as its tests quote it). */
  readonly error: string;
}

const gates: Gate[] = [
  { what: 'an i64 resource rep', option: 'cm64', text: '(component (type (resource (rep i64))))', error: 'resources with `i64` require the `cm64` feature to be enabled' },
  {
    what: 'a 64-bit memory as canon lower memory', option: 'cm64', error: '64-bit memories require the `cm64` feature to be enabled',
    text: `(component (import "f" (func $f (param "s" string))) ${LIBC64}
      (core func (canon lower (func $f) (memory $libc "m"))))`,
  },
  {
    what: 'a 64-bit memory for waitable-set.wait', option: 'cm64', error: '64-bit memories require the `cm64` feature to be enabled',
    text: `(component ${LIBC64} (core func (canon waitable-set.wait (memory $libc "m"))))`,
  },
  { what: 'an i64 context slot', option: 'cm64', text: '(component (core func (canon context.get i64 0)))', error: '64-bit `context.get` requires the component model 64-bit feature' },
  {
    what: 'async stream.cancel-read', option: 'moreAsyncBuiltins', error: 'async `stream.cancel-read` requires the component model more async builtins feature',
    text: '(component (type $s (stream u8)) (core func (canon stream.cancel-read $s async)))',
  },
  {
    what: 'async future.cancel-write', option: 'moreAsyncBuiltins', error: 'requires the component model more async builtins feature',
    text: '(component (type $f (future u8)) (core func (canon future.cancel-write $f async)))',
  },
  { what: 'async subtask.cancel', option: 'moreAsyncBuiltins', text: '(component (core func (canon subtask.cancel async)))', error: 'async `subtask.cancel` requires the component model more async builtins feature' },
  { what: 'context slot 1', option: 'threading', text: '(component (core func (canon context.set i32 1)))', error: 'immediate must be zero: 1' },
  { what: 'thread.index', option: 'threading', text: '(component (core func (canon thread.index)))', error: '`thread.index` requires the component model threading feature' },
  { what: 'a nested package name', option: 'nestedNames', text: '(component (import "a:b:c/d/e" (func)))', error: 'expected `/` after package name' },
  { what: 'an implements option', option: 'implements', text: '(component (import "a" (implements "a:b/c") (instance)))', error: 'the `cm-implements` feature is not active' },
];

describe('component feature switches', () => {
  for (const g of gates) {
    it(`${g.what}: accepted with ${g.option} on, rejected with it off`, async () => {
      const bytes = await parse(g.text);
      expect(reason(bytes, { [g.option]: true })).toBeUndefined();
      expect(reason(bytes, { [g.option]: false })).toContain(g.error);
    });
  }

  it('defaults: every implemented extension on, nested names off', async () => {
    for (const g of gates) {
      const r = reason(await parse(g.text));
      if (g.option === 'nestedNames') expect(r).toContain(g.error);
      else expect(r, g.what).toBeUndefined();
    }
  });

  it('an option left out keeps its default when others are given', async () => {
    const bytes = await parse('(component (core func (canon context.get i64 1)))');
    expect(reason(bytes, { nestedNames: true })).toBeUndefined();
    expect(reason(bytes, { threading: false })).toContain('immediate must be zero: 1');
  });

  it('slot 2 is invalid even with threading', async () => {
    const bytes = await parse('(component (core func (canon context.get i32 2)))');
    expect(reason(bytes)).toContain('immediate must be zero or one: 2');
    expect(reason(bytes, { threading: false })).toContain('immediate must be zero: 2');
  });

  it('the switches reach nested components', async () => {
    const bytes = await parse('(component (component (type (resource (rep i64)))))');
    expect(reason(bytes)).toBeUndefined();
    expect(reason(bytes, { cm64: false })).toContain('`cm64`');
  });

  it('the same features in synchronous builtins stay accepted with every switch off', async () => {
    const off: ValidateOptions = { cm64: false, moreAsyncBuiltins: false, threading: false, implements: false, nestedNames: false, sharedEverythingThreads: false };
    const text = `(component ${LIBC}
      (type $s (stream u8))
      (core func (canon stream.cancel-read $s))
      (core func (canon subtask.cancel))
      (core func (canon context.get i32 0))
      (core func (canon waitable-set.wait (memory $libc "m")))
      (import "a:b/c" (func)))`;
    expect(reason(await parse(text), off)).toBeUndefined();
  });

  it('new Component takes the same options', async () => {
    const bytes = await parse('(component (import "a:b:c/d/e" (func)) (type (resource (rep i64))))');
    expect(() => new Component(bytes)).toThrow(/expected `\/` after package name/);
    expect(() => new Component(bytes, { nestedNames: true })).not.toThrow();
    expect(() => new Component(bytes, { nestedNames: true, cm64: false })).toThrow(/require the `cm64` feature/);
  });
});

/** A component defining resource $R, exporting it as "r1" and again, ascribed `(sub resource)`, as "r2". */
const TWO_EXPORTS = `(component
  (component $C
    (type $R (resource (rep i32)))
    (export "r1" (type $R))
    (export "r2" (type $R) (type (sub resource))))
  (instance $c (instantiate $C))
  (alias export $c "r1" (type $r1))
  (alias export $c "r2" (type $r2))
  (component $eq
    (import "a" (type $a (sub resource)))
    (import "b" (type (eq $a))))
  (instance (instantiate $eq (with "a" (type $r1)) (with "b" (type $r2)))))`;

describe('export ascription of a resource', () => {
  it('a (sub resource) ascription exports a resource type distinct from the original', async () => {
    const bytes = await parse(TWO_EXPORTS);
    expect(reason(bytes)).toContain('resource types are not the same');
    expect(() => new Component(bytes)).toThrow(/resource types are not the same/);
  });

  it('without the ascription both exports are the same resource', async () => {
    const bytes = await parse(TWO_EXPORTS.replace(' (type (sub resource))', ''));
    expect(reason(bytes)).toBeUndefined();
  });

  it('each instance of a component gets its own ascribed resource', async () => {
    const bytes = await parse(`(component
      (component $C
        (type $R (resource (rep i32)))
        (export "r" (type $R) (type (sub resource))))
      (instance $c1 (instantiate $C))
      (instance $c2 (instantiate $C))
      (alias export $c1 "r" (type $r1))
      (alias export $c2 "r" (type $r2))
      (component $eq
        (import "a" (type $a (sub resource)))
        (import "b" (type (eq $a))))
      (instance (instantiate $eq (with "a" (type $r1)) (with "b" (type $r2)))))`);
    expect(reason(bytes)).toContain('resource types are not the same');
  });

  it('at run time the ascribed export is the defining instance\'s resource', async () => {
    const bytes = await parse(`(component
      (type $R (resource (rep i32)))
      (core func $new (canon resource.new $R))
      (core module $m (func (export "id") (param i32) (result i32) (local.get 0)))
      (core instance $i (instantiate $m))
      (export $r "r" (type $R) (type (sub resource)))
      (func (export "[constructor]r") (param "v" u32) (result (own $r)) (canon lift (core func $new)))
      (func (export "[method]r.get") (param "self" (borrow $r)) (result u32) (canon lift (core func $i "id"))))`);
    const inst = new Linker().instantiate(new Component(bytes));
    const h = inst.exports.func('[constructor]r').call([77]) as ResourceHandle;
    expect(h.type).toBe(inst.exports.resource('r'));
    // A borrow into the defining instance arrives as the rep itself (not as a new handle).
    expect(inst.exports.func('[method]r.get').call([h])).toBe(77);
  });
});
