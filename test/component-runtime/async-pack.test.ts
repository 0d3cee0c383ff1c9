// Component-model async as an opt-in pack (`purewasm/async`, issue #12): a component that needs it and is
// compiled without it is still valid (the validator decides exactly as before) but `new Component` refuses it,
// naming the canon definition, its offset and the fix; a synchronous component needs nothing of it; with the
// pack, the same component runs.
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/decoder/errors.js';
import { Component, Linker } from '../../src/component/runtime/index.js';
import { validateComponent } from '../../src/component/validate.js';
import { componentAsync } from '../../src/async/index.js';
import { thrownBy } from './helpers.js';

async function parse(text: string): Promise<Uint8Array> {
  const { parse: p } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return p(text);
}

/** A component whose core module imports `imports` (core funcs defined by `canons`) and exports `exports`. */
const component = (canons: string, imports: string, body: string, exports: string): string => `
(component
  (core module $mem (memory (export "mem") 1))
  (core instance $mem (instantiate $mem))
  ${canons}
  (core module $m ${imports} ${body})
  (core instance $i (instantiate $m (with "" (instance ${[...imports.matchAll(/\(import "" "(\w+)"/g)].map((m) => `(export "${m[1]}" (func $${m[1]}))`).join(' ')}))))
  ${exports}
)`;

const SYNC = component('', '', '(func (export "f") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))', '(func (export "f") (param "x" u32) (result u32) (canon lift (core func $i "f")))');

/** Each kind of definition that needs the pack, and the words of the refusal naming it. */
const NEEDS_PACK: readonly [string, string, string][] = [
  ['an async lift', 'lift async', component('', '', '(func (export "f"))', '(func (export "f") async (canon lift (core func $i "f") async))')],
  ['a lift of an async function type', 'lift of an async function type', component('', '', '(func (export "f"))', '(func (export "f") async (canon lift (core func $i "f")))')],
  ['a stream in a signature', 'lift of a function with stream, future or error-context values', component('', '', '(func (export "f") (param i32))', '(type $ST (stream u8)) (func (export "f") (param "s" $ST) (canon lift (core func $i "f")))')],
  ['an async lower', 'lower async', `(component
    (import "g" (func $g async))
    (core func $g (canon lower (func $g) async))
    (core module $m (import "" "g" (func (result i32))))
    (core instance (instantiate $m (with "" (instance (export "g" (func $g)))))))`],
  ['a builtin', 'stream.new', component('(type $ST (stream u8)) (core func $new (canon stream.new $ST))', '(import "" "new" (func $new (result i64)))', '', '')],
  ['context.get', 'context.get', component('(core func $get (canon context.get i32 0))', '(import "" "get" (func $get (result i32)))', '', '')],
];

describe('component-model async as an opt-in pack', () => {
  it('compiles and runs a synchronous component without it', async () => {
    const f = new Linker().instantiate(new Component(await parse(SYNC))).exports.func('f');
    expect(f.call([41])).toBe(42);
  });

  for (const [what, words, text] of NEEDS_PACK) {
    it(`refuses ${what} without it, naming the definition, its offset and the fix; runs it with it`, async () => {
      const bytes = await parse(text);
      // The validator decides as before: valid.
      expect(() => validateComponent(bytes)).not.toThrow();
      const error = thrownBy(() => new Component(bytes));
      expect(error).toBeInstanceOf(CompileError);
      const e = error as CompileError;
      expect(e.kind).toBe('invalid');
      expect(e.reason).toBe(`canon ${words} at offset 0x${e.offset.toString(16)} needs component-model async: new Component(bytes, { componentAsync }) with import { componentAsync } from 'purewasm/async'`);
      // The offset is the definition's: the bytes there start a canon definition of that kind.
      expect(e.offset).toBeGreaterThan(8);
      expect(e.offset).toBeLessThan(bytes.length);
      expect(() => new Component(bytes, { componentAsync })).not.toThrow();
    });
  }

  it('runs an async-lifted export with it', async () => {
    const text = component('(core func $ret (canon task.return (result u32)))', '(import "" "ret" (func $ret (param i32)))', '(func (export "f") (call $ret (i32.const 7)))', '(func (export "f") async (result u32) (canon lift (core func $i "f") async))');
    const f = new Linker().instantiate(new Component(await parse(text), { componentAsync })).exports.func('f');
    expect(f.call([])).toBe(7);
  });

  it('refuses another object given as the pack with a TypeError naming it', async () => {
    const bytes = await parse(NEEDS_PACK[4]![2]);
    expect(() => new Component(bytes, { componentAsync: { family: 'simd' } as never })).toThrow(/the componentAsync option is given the simd pack/);
  });
});
