// Built-ins the validator accepts beyond CanonicalABI.md's core set (issue #18):
// - `resource.drop async` (wasmparser's opcode 0x07, the more-async-builtins switch; the spec has dropped it):
//   core type (func (param i32)), the sync drop's, and destructors cannot block, so it drops exactly as
//   `resource.drop` does — the destructor runs, the handle is gone;
// - the shared-everything thread built-ins (🧵②) in the spec's DETERMINISTIC_PROFILE: `thread.spawn-ref`
//   and `thread.spawn-indirect` start no thread and return 0, `thread.available-parallelism` returns 1.
import { describe, expect, it } from 'vitest';
import { Component, Linker } from '../../src/component/runtime/index.js';
import { componentAsync } from '../packs.js';

async function parse(text: string): Promise<Uint8Array> {
  const { parse: p } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return p(text);
}

/** The bytes with the first canon section that starts with `resource.drop` (0x03) starting with
 *  `resource.drop async` (0x07) instead: the text parser at hand has no syntax for it. */
function dropToDropAsync(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  let p = 8; // after the preamble
  const leb = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = out[p++];
      v |= (b & 0x7f) << shift;
      if (b < 0x80) return v >>> 0;
    }
  };
  while (p < out.length) {
    const id = out[p++];
    const size = leb();
    if (id === 8) {
      // canon section: vec(canon); its first entry must be `0x03 typeidx`
      const end = p + size;
      leb();
      if (out[p] === 0x03) {
        out[p] = 0x07;
        return out;
      }
      p = end;
      continue;
    }
    p += size;
  }
  throw new Error('no canon section starts with resource.drop');
}

describe('resource.drop async', () => {
  const DROP = `(component
  (import "dtor" (func $log (param "rep" u32)))
  (core func $log (canon lower (func $log)))
  (core module $d
    (import "" "log" (func $log (param i32)))
    (func (export "dtor") (param i32) (call $log (local.get 0))))
  (core instance $di (instantiate $d (with "" (instance (export "log" (func $log))))))
  (type $r (resource (rep i32) (dtor (func $di "dtor"))))
  (core func $drop (canon resource.drop $r))
  (core func $new (canon resource.new $r))
  (core module $m
    (import "" "drop" (func $drop (param i32)))
    (import "" "new" (func $new (param i32) (result i32)))
    (func (export "f") (param i32) (result i32) (local $h i32)
      (local.set $h (call $new (i32.const 42)))
      (call $drop (local.get $h))
      (if (local.get 0) (then (call $drop (local.get $h))))
      (local.get $h)))
  (core instance $i (instantiate $m (with "" (instance (export "drop" (func $drop)) (export "new" (func $new))))))
  (func (export "f") (param "twice" bool) (result u32) (canon lift (core func $i "f"))))`;

  async function instance() {
    const bytes = dropToDropAsync(await parse(DROP));
    const dropped: number[] = [];
    const linker = new Linker();
    linker.func('dtor', (rep: number) => void dropped.push(rep));
    return { f: linker.instantiate(new Component(bytes, { componentAsync })).exports.func('f'), dropped };
  }

  it('is refused without the more-async-builtins switch, with wasm-tools\' words', async () => {
    const bytes = dropToDropAsync(await parse(DROP));
    expect(() => new Component(bytes, { componentAsync, moreAsyncBuiltins: false })).toThrow(/`resource.drop` as `async` requires the component model more async builtins feature/);
  });

  it('runs the destructor and removes the handle, as resource.drop does', async () => {
    const { f, dropped } = await instance();
    expect(f.call([false])).toBe(1);
    expect(dropped).toEqual([42]);
  });

  it('traps on a handle that is gone, as resource.drop does', async () => {
    const { f, dropped } = await instance();
    expect(() => f.call([true])).toThrow(/unknown handle index 1/);
    expect(dropped).toEqual([42]);
  });
});

describe('shared-everything thread built-ins (deterministic profile)', () => {
  const SPAWN = `(component
  (core type $start (shared (func (param i32))))
  (core module $libc (table (export "start-table") shared 1 (ref null (shared func))))
  (core instance $libc (instantiate $libc))
  (core func $spawn (canon thread.spawn-indirect $start (table $libc "start-table")))
  (core func $par (canon thread.available_parallelism))
  (core module $m
    (import "" "spawn" (func $spawn (param i32 i32) (result i32)))
    (import "" "par" (func $par (result i32)))
    (func (export "spawn") (result i32) (call $spawn (i32.const 0) (i32.const 7)))
    (func (export "par") (result i32) (call $par)))
  (core instance $i (instantiate $m (with "" (instance (export "spawn" (func $spawn)) (export "par" (func $par))))))
  (func (export "spawn") (result u32) (canon lift (core func $i "spawn")))
  (func (export "par") (result u32) (canon lift (core func $i "par"))))`;

  it('thread.spawn-indirect starts no thread and returns 0; available-parallelism is 1', async () => {
    const e = new Linker().instantiate(new Component(await parse(SPAWN), { componentAsync })).exports;
    expect(e.func('spawn').call([])).toBe(0);
    expect(e.func('par').call([])).toBe(1);
  });

  it('is refused without the shared-everything-threads switch', async () => {
    const bytes = await parse(`(component (core func (canon thread.available_parallelism)))`);
    expect(new Component(bytes, { componentAsync })).toBeInstanceOf(Component);
    expect(() => new Component(bytes, { componentAsync, sharedEverythingThreads: false })).toThrow(/`thread.available-parallelism` requires the shared-everything-threads proposal/);
  });
});
