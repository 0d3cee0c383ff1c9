// Trap backtraces name every frame's function (name section) and code offset (module-relative, as
// wasmtime prints them); the offsets equal the ones V8 puts in its own stack traces (wasm-function[i]:0x…).
import { describe, expect, it } from 'vitest';
import { Instance, Module, Trap } from '../../src/index.js';
import { NodeWasm } from './wasm-builder.js';

async function bytesOf(text: string): Promise<Uint8Array> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return parse(text);
}

/** Offsets of the wasm frames in a V8 error stack, innermost first. */
function v8Offsets(e: unknown): number[] {
  const out: number[] = [];
  for (const m of String((e as Error).stack).matchAll(/wasm-function\[\d+\]:0x([0-9a-f]+)/g)) out.push(parseInt(m[1], 16));
  return out;
}

const cases: [string, string, number[], string][] = [
  ['divide by zero, two frames deep', `(module
    (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
    (func $middle (param i32) (result i32) (i32.add (i32.const 5) (call $inner (local.get 0))))
    (func $outer (export "run") (param i32) (result i32) (drop (i32.const 9)) (call $middle (local.get 0))))`, [0], 'inner'],
  ['out-of-bounds load after a local.get', `(module (memory 1)
    (func $load (param i32) (result i32) (local.get 0) (i32.load offset=4))
    (func (export "run") (param i32) (result i32) (nop) (call $load (i32.const 70000))))`, [0], 'load'],
  ['unreachable in a loop', `(module
    (func $spin (param i32) (loop $l (br_if $l (i32.eqz (local.get 0)))) (unreachable))
    (func (export "run") (param i32) (result i32) (call $spin (i32.const 1)) (i32.const 0)))`, [0], 'spin'],
  ['indirect call of a null entry', `(module (table 2 funcref) (type $t (func (result i32)))
    (func $go (param i32) (result i32) (call_indirect (type $t) (local.get 0)))
    (func (export "run") (param i32) (result i32) (call $go (i32.const 1))))`, [0], 'go'],
];

describe('trap backtraces', () => {
  for (const [title, text, args, innermost] of cases) {
    it(`${title}: offsets match V8's, names come from the name section`, async () => {
      const bytes = await bytesOf(text);
      let ours: Trap | undefined;
      try {
        (new Instance(new Module(bytes), {}).exports.run as (...a: number[]) => unknown)(...args);
      } catch (e) {
        ours = e as Trap;
      }
      expect(ours).toBeInstanceOf(Trap);
      let theirs: unknown;
      const prepare = Error.prepareStackTrace; // the test runner's own formatter drops wasm frames
      (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
      try {
        new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports.run(...args);
      } catch (e) {
        theirs = { stack: String((e as Error).stack) };
      } finally {
        Error.prepareStackTrace = prepare;
      }
      const offsets = ours!.wasmStack.map((f) => f.offset);
      expect(offsets.every((o) => typeof o === 'number')).toBe(true);
      expect(offsets).toEqual(v8Offsets(theirs));
      expect(ours!.wasmStack[0].name).toBe(innermost);
    });
  }
});
