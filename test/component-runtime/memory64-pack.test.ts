// The 64-bit canonical ABI as an opt-in pack (`purewasm/component-memory64`, issue #12): a component whose canon
// definition names a 64-bit memory and is compiled without the pack is still valid (the `cm64` switch
// decides that, as before) but `new Component` refuses it, naming the definition, its offset and the fix; a
// component with a 32-bit memory needs nothing of it; with the pack, the same component runs.
import { describe, expect, it } from 'vitest';
import { AbiContext, type AbiMemory } from '../../src/abi/index.js';
import { CompileError } from '../../src/decoder/errors.js';
import { Component, Linker } from '../../src/component/runtime/index.js';
import { validateComponent } from '../../src/component/validate.js';
import { componentMemory64 } from '../../src/component-memory64/index.js';
import { thrownBy } from './helpers.js';

async function parse(text: string): Promise<Uint8Array> {
  const { parse: p } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return p(text);
}

/** `len(s: string) -> u32` over a memory of index type `idx` (the string's length as the core function sees it). */
const lenComponent = (idx: 'i32' | 'i64') => `
(component
  (core module $m
    (memory (export "mem") ${idx} 1)
    (func (export "realloc") (param ${idx} ${idx} ${idx} ${idx}) (result ${idx}) (${idx}.const 16))
    (func (export "len") (param ${idx} ${idx}) (result i32) ${idx === 'i64' ? '(i32.wrap_i64 (local.get 1))' : '(local.get 1)'}))
  (core instance $i (instantiate $m))
  (func (export "len") (param "s" string) (result u32)
    (canon lift (core func $i "len") (memory $i "mem") (realloc (func $i "realloc")))))`;

/** A 64-bit memory lowered into: `canon lower` of an import taking a string. */
const LOWER64 = `
(component
  (import "log" (func $log (param "s" string)))
  (core module $mem (memory (export "mem") i64 1))
  (core instance $mem (instantiate $mem))
  (core func $log (canon lower (func $log) (memory $mem "mem")))
  (core module $m (import "" "log" (func (param i64 i64))))
  (core instance (instantiate $m (with "" (instance (export "log" (func $log)))))))`;

function refusal(bytes: Uint8Array): CompileError {
  const error = thrownBy(() => new Component(bytes));
  expect(error).toBeInstanceOf(CompileError);
  return error as CompileError;
}

describe('the 64-bit canonical ABI as an opt-in pack', () => {
  it('compiles and runs a component with a 32-bit memory without it', async () => {
    const f = new Linker().instantiate(new Component(await parse(lenComponent('i32')))).exports.func('len');
    expect(f.call(['hello'])).toBe(5);
  });

  for (const [what, kind, text] of [['a lift', 'lift', lenComponent('i64')], ['a lower', 'lower', LOWER64]] as const) {
    it(`refuses ${what} over a 64-bit memory without it, naming the definition, its offset and the fix`, async () => {
      const bytes = await parse(text);
      // The validator decides as before: valid (cm64 is on by default).
      expect(() => validateComponent(bytes)).not.toThrow();
      const e = refusal(bytes);
      expect(e.kind).toBe('invalid');
      expect(e.section).toBe('canon');
      expect(e.reason).toBe(
        `canon ${kind} at offset 0x${e.offset.toString(16)} uses a 64-bit memory, which needs the 64-bit canonical ABI: ` +
          "new Component(bytes, { componentMemory64 }) with import { componentMemory64 } from 'purewasm/component-memory64'",
      );
      expect(() => new Component(bytes, { componentMemory64 })).not.toThrow();
    });
  }

  it('runs the 64-bit lift with it', async () => {
    const c = new Component(await parse(lenComponent('i64')), { componentMemory64 });
    expect(new Linker().instantiate(c).exports.func('len').call(['hello, world'])).toBe(12);
  });

  it('refuses another pack in its place', async () => {
    const bytes = await parse(lenComponent('i64'));
    const wrong = { family: 'component-async' } as unknown as typeof componentMemory64;
    expect(() => new Component(bytes, { componentMemory64: wrong })).toThrow("the componentMemory64 option is given the component-async pack, not purewasm/component-memory64's componentMemory64");
  });

  it('an AbiContext over a 64-bit memory without the 64-bit routines is a TypeError, not a wrong ABI', () => {
    const memory: AbiMemory = { index64: true, bytes: () => new Uint8Array(8) };
    expect(() => new AbiContext({ memory })).toThrow(TypeError);
  });
});
