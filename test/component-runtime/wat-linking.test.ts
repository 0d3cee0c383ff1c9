// Hand-written components: reentrance, linking errors, nested components and strings between instances
// with different encodings.
import { describe, expect, it } from 'vitest';
import { Linker, Trap } from '../../src/component/runtime/index.js';
import { funcType, string, u32 } from '../../src/component/value-types.js';
import { wat } from './helpers.js';

const CALLBACK = `
(component
  (import "cb" (func $cb))
  (core func $cb-core (canon lower (func $cb)))
  (core module $m
    (import "" "cb" (func $cb))
    (global $n (mut i32) (i32.const 0))
    (func (export "f") (call $cb))
    (func (export "count") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n)))
  (core instance $i (instantiate $m (with "" (instance (export "cb" (func $cb-core))))))
  (func (export "f") (canon lift (core func $i "f")))
  (func (export "count") (result u32) (canon lift (core func $i "count")))
)`;

const LIBC = `
    (core module $libc
      (memory (export "mem") 1)
      (global $bump (mut i32) (i32.const 1024))
      ;; bump allocator; a realloc of an existing block copies its contents (spec realloc contract)
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
        (if (i32.and (i32.ne (local.get 0) (i32.const 0)) (i32.le_u (local.get 3) (local.get 1))) (then (return (local.get 0))))
        (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
        (global.set $bump (i32.add (local.get $p) (local.get 3)))
        (if (i32.ne (local.get 0) (i32.const 0)) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
        (local.get $p)))
    (core instance $libc (instantiate $libc))
    (alias core export $libc "mem" (core memory $mem))
    (alias core export $libc "realloc" (core func $realloc))`;

// $callee echoes a string in encoding ENC; $caller (utf8) sends "héllo wörld €𝄞" from its data segment.
const strings = (enc: string) => `
(component
  (component $callee
    ${LIBC}
    (core module $m
      (import "libc" "mem" (memory 1))
      (func (export "echo") (param i32 i32) (result i32)
        (i32.store (i32.const 0) (local.get 0))
        (i32.store (i32.const 4) (local.get 1))
        (i32.const 0)))
    (core instance $i (instantiate $m (with "libc" (instance $libc))))
    (func (export "echo") (param "s" string) (result string)
      (canon lift (core func $i "echo") (memory $mem) (realloc $realloc) string-encoding=${enc})))
  (component $caller
    (import "echo" (func $echo (param "s" string) (result string)))
    ${LIBC}
    (core func $echo-core (canon lower (func $echo) (memory $mem) (realloc $realloc)))
    (core module $m
      (import "libc" "mem" (memory 1))
      (import "" "echo" (func $echo (param i32 i32 i32)))
      (data (i32.const 16) "h\\c3\\a9llo w\\c3\\b6rld \\e2\\82\\ac\\f0\\9d\\84\\9e")
      (func (export "run") (result i32) (call $echo (i32.const 16) (i32.const 21) (i32.const 100)) (i32.const 100)))
    (core instance $i (instantiate $m (with "libc" (instance $libc)) (with "" (instance (export "echo" (func $echo-core))))))
    (func (export "run") (result string) (canon lift (core func $i "run") (memory $mem))))
  (instance $a (instantiate $callee))
  (instance $b (instantiate $caller (with "echo" (func $a "echo"))))
  (export "run" (func $b "run"))
  (export "echo" (func $a "echo"))
)`;

describe('reentrance', () => {
  it('a component instance cannot be re-entered while on the stack', async () => {
    const c = await wat(CALLBACK);
    let inner: unknown;
    const linker = new Linker();
    let inst: ReturnType<Linker['instantiate']> | undefined;
    linker.func('cb', () => {
      try {
        inst!.exports.func('count').call([]);
      } catch (e) {
        inner = e;
        throw e;
      }
    });
    inst = linker.instantiate(c);
    expect(() => inst!.exports.func('f').call([])).toThrow(/cannot enter component instance/);
    expect(inner).toBeInstanceOf(Trap);
  });

  it('host callbacks may call other instances', async () => {
    const c = await wat(CALLBACK);
    const other = new Linker().func('cb', () => undefined).instantiate(c);
    const inst = new Linker().func('cb', () => void other.exports.func('count').call([])).instantiate(c);
    inst.exports.func('f').call([]);
    inst.exports.func('f').call([]);
    expect(other.exports.func('count').call([])).toBe(3);
  });
});

describe('linking', () => {
  it('missing import is a LinkError naming it; wrong type too', async () => {
    const c = await wat(CALLBACK);
    expect(() => new Linker().instantiate(c)).toThrow(/missing import `cb`/);
    expect(() => new Linker().func('cb', funcType([{ name: 'x', type: u32 }]), () => undefined).instantiate(c)).toThrow(/import `cb` has the wrong type/);
    const ok = new Linker().func('cb', funcType([]), () => undefined).instantiate(c);
    expect(ok.exports.func('count').call([])).toBe(1);
  });

  it('semver-compatible interface versions', async () => {
    const c = await wat(`
      (component
        (import "test:guest/host@0.2.0" (instance $h (export "get" (func (result u32)))))
        (alias export $h "get" (func $get))
        (core func $g (canon lower (func $get)))
        (core module $m (import "" "g" (func $g (result i32))) (func (export "f") (result i32) (i32.add (call $g) (i32.const 1))))
        (core instance $i (instantiate $m (with "" (instance (export "g" (func $g))))))
        (func (export "f") (result u32) (canon lift (core func $i "f"))))`);
    const l1 = new Linker();
    l1.instance('test:guest/host@0.2.3').func('get', () => 41);
    expect(l1.instantiate(c).exports.func('f').call([])).toBe(42);
    const l2 = new Linker();
    l2.instance('test:guest/host@0.3.0').func('get', () => 41);
    expect(() => l2.instantiate(c)).toThrow(/missing import `test:guest\/host@0.2.0`/);
    const l3 = new Linker();
    l3.instance('test:guest/host@0.2.0');
    expect(() => l3.instantiate(c)).toThrow(/test:guest\/host@0.2.0#get/);
  });
});

describe('modules and components as imports', () => {
  it('a core module and a component supplied by the linker', async () => {
    const inner = await wat(`
      (component
        (core module $m (func (export "f") (result i32) (i32.const 7)))
        (core instance $i (instantiate $m))
        (func (export "seven") (result u32) (canon lift (core func $i "f"))))`);
    const outer = await wat(`
      (component
        (import "c" (component $c (export "seven" (func (result u32)))))
        (import "m" (core module $m (export "f" (func (result i32)))))
        (core instance $mi (instantiate $m))
        (instance $ci (instantiate $c))
        (alias export $ci "seven" (func $seven))
        (core func $seven-core (canon lower (func $seven)))
        (core module $sum
          (import "m" "f" (func $f (result i32)))
          (import "c" "seven" (func $s (result i32)))
          (func (export "sum") (result i32) (i32.add (call $f) (call $s))))
        (core instance $si (instantiate $sum (with "m" (instance $mi)) (with "c" (instance (export "seven" (func $seven-core))))))
        (func (export "sum") (result u32) (canon lift (core func $si "sum"))))`);
    const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
    const { Module } = await import('../../src/vm/index.js');
    const mod = new Module(await parse('(module (func (export "f") (result i32) (i32.const 35)))'));
    const inst = new Linker().component('c', inner).module('m', mod).instantiate(outer);
    expect(inst.exports.func('sum').call([])).toBe(42);
    const bad = new Module(await parse('(module (func (export "g") (result i32) (i32.const 35)))'));
    expect(() => new Linker().component('c', inner).module('m', bad).instantiate(outer)).toThrow(/missing expected export `f`/);
  });
});

describe('strings between component instances', () => {
  const text = 'héllo wörld €𝄞';
  for (const enc of ['utf8', 'utf16', 'latin1+utf16']) {
    it(`utf8 caller → ${enc} callee → utf8`, async () => {
      const c = await wat(strings(enc));
      const inst = new Linker().instantiate(c);
      expect(inst.exports.func('run').call([])).toBe(text);
      expect(inst.exports.func('echo').call(['plain latin1 ÿ'])).toBe('plain latin1 ÿ');
      expect(inst.exports.func('echo').call([text])).toBe(text);
      // many instances from one plan
      expect(new Linker().instantiate(c).exports.func('run').typed<[], string>()()).toBe(text);
    });
  }
  void string;
});
