// The 64-bit canonical ABI (a lift/lower whose memory option is a 64-bit memory): i64 pointers and
// lengths, 2×8-byte string/list fields, i64 spill and return pointers, realloc (i64,i64,i64,i64) -> i64,
// the latin1+utf16 tag in bit 63 — through hand-written components, 64-bit memories that are flat, that
// are segmented (> 4 GiB), or that realloc grows past 4 GiB, and a 32-bit component calling a 64-bit one.
import { describe, expect, it } from 'vitest';
import { Component, Linker, Trap } from '../../src/component/runtime/index.js';
import { exportPlan, flattenType, importPlan, layoutOf } from '../../src/abi/index.js';
import { funcType, list, record, string, u8 } from '../../src/component/value-types.js';
import { wat } from '../component-runtime/helpers.js';

/**
 * A 64-bit guest. `memory`: the memory declaration; `start`: where its bump allocator starts; `grow`:
 * pages realloc adds to the memory on its first call (0 for none). Its exports echo what the host lowered,
 * so the host sees its own values again only if lowering and lifting agree on the 64-bit layout.
 */
const core64 = (memory: string, start: bigint, grow = 0) => `
  (core module $m
    ${memory}
    (global $next (mut i64) (i64.const ${start}))
    (global $grown (mut i32) (i32.const 0))
    (global $a0 (mut i64) (i64.const -1))
    (global $a1 (mut i64) (i64.const -1))
    (global $a2 (mut i64) (i64.const -1))
    (global $a3 (mut i64) (i64.const -1))
    (func $realloc (export "realloc") (param $old i64) (param $osz i64) (param $al i64) (param $nsz i64) (result i64)
      (local $p i64)
      (global.set $a0 (local.get $old))
      (global.set $a1 (local.get $osz))
      (global.set $a2 (local.get $al))
      (global.set $a3 (local.get $nsz))
      (if (i32.and (i32.eqz (global.get $grown)) (i32.ne (i32.const ${grow}) (i32.const 0)))
        (then (drop (memory.grow (i64.const ${grow}))) (global.set $grown (i32.const 1))))
      (local.set $p (i64.and (i64.add (global.get $next) (i64.sub (local.get $al) (i64.const 1)))
                             (i64.sub (i64.const 0) (local.get $al))))
      (global.set $next (i64.add (local.get $p) (local.get $nsz)))
      (if (i64.ne (local.get $old) (i64.const 0))
        (then (memory.copy (local.get $p) (local.get $old) (local.get $osz))))
      (local.get $p))
    ;; (ptr, len) → a return area at 0 holding them: the same string or list back
    (func (export "echo") (param i64 i64) (result i64)
      (i64.store (i64.const 0) (local.get 0))
      (i64.store (i64.const 8) (local.get 1))
      (i64.const 0))
    (func (export "raw-ptr") (param i64 i64) (result i64) (local.get 0))
    (func (export "raw-len") (param i64 i64) (result i64) (local.get 1))
    ;; record { name: string, tags: list<string> }: four i64 params, returned through a return area at 32
    (func (export "echo-rec") (param i64 i64 i64 i64) (result i64)
      (i64.store (i64.const 32) (local.get 0))
      (i64.store (i64.const 40) (local.get 1))
      (i64.store (i64.const 48) (local.get 2))
      (i64.store (i64.const 56) (local.get 3))
      (i64.const 32))
    ;; nine strings spill into a tuple at an i64 pointer; the ninth is 8 × 16 bytes in
    (func (export "ninth") (param i64) (result i64) (i64.add (local.get 0) (i64.const 128)))
    ;; a string at 2^40 (far outside the memory), and one whose length has bit 63 set
    (func (export "far-string") (result i64)
      (i64.store (i64.const 96) (i64.const 0x100_0000_0000))
      (i64.store (i64.const 104) (i64.const 1))
      (i64.const 96))
    (func (export "huge-string") (result i64)
      (i64.store (i64.const 96) (i64.const 8))
      (i64.store (i64.const 104) (i64.const 0x8000_0000_0000_0001))
      (i64.const 96))
    (func (export "last-realloc") (result i64)
      (i64.store (i64.const 64) (global.get $a0))
      (i64.store (i64.const 72) (global.get $a1))
      (i64.store (i64.const 80) (global.get $a2))
      (i64.store (i64.const 88) (global.get $a3))
      (i64.const 64)))
  (core instance $i (instantiate $m))
  (alias core export $i "memory" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))`;

const REC = '(record (field "name" string) (field "tags" (list string)))';
const PAIR = '(tuple string (list string))';
const opts = (enc = 'utf8') => `(memory $mem) (realloc $realloc) string-encoding=${enc}`;

const guest64 = (memory: string, start: bigint, grow = 0) => `
(component
  ${core64(memory, start, grow)}
  (type $rec' ${REC})
  (export $rec "rec" (type $rec'))
  (func (export "echo") (param "s" string) (result string) (canon lift (core func $i "echo") ${opts()}))
  (func (export "echo16") (param "s" string) (result string) (canon lift (core func $i "echo") ${opts('utf16')}))
  (func (export "echo-latin") (param "s" string) (result string) (canon lift (core func $i "echo") ${opts('latin1+utf16')}))
  (func (export "raw-ptr") (param "s" string) (result u64) (canon lift (core func $i "raw-ptr") ${opts()}))
  (func (export "raw-len-latin") (param "s" string) (result u64) (canon lift (core func $i "raw-len") ${opts('latin1+utf16')}))
  (func (export "echo-u16s") (param "l" (list u16)) (result (list u16)) (canon lift (core func $i "echo") ${opts()}))
  (func (export "echo-bools") (param "l" (list bool)) (result (list bool)) (canon lift (core func $i "echo") ${opts()}))
  (func (export "echo-strings") (param "l" (list string)) (result (list string)) (canon lift (core func $i "echo") ${opts()}))
  (func (export "echo-rec") (param "r" $rec) (result $rec) (canon lift (core func $i "echo-rec") ${opts()}))
  (func (export "echo-pair") (param "p" ${PAIR}) (result ${PAIR}) (canon lift (core func $i "echo-rec") ${opts()}))
  (func (export "ninth")
    (param "a" string) (param "b" string) (param "c" string) (param "d" string) (param "e" string)
    (param "f" string) (param "g" string) (param "h" string) (param "i" string) (result string)
    (canon lift (core func $i "ninth") ${opts()}))
  (func (export "echo-opts") (param "l" (list (option string))) (result (list (option string))) (canon lift (core func $i "echo") ${opts()}))
  (func (export "far-string") (result string) (canon lift (core func $i "far-string") ${opts()}))
  (func (export "huge-string") (result string) (canon lift (core func $i "huge-string") ${opts()}))
  (func (export "huge-string-latin") (result string) (canon lift (core func $i "huge-string") ${opts('latin1+utf16')}))
  (func (export "last-realloc") (result (tuple u64 u64 u64 u64)) (canon lift (core func $i "last-realloc") (memory $mem)))
)`;

const FLAT = guest64('(memory (export "memory") i64 1)', 1024n);
// 4 GiB + 128 KiB: held in segments; the allocator starts past 4 GiB, as in wasmtime's memory64.wast.
const SEGMENTED = guest64('(memory (export "memory") i64 0x1_0002 0x1_0005)', 0x1_0001_0000n);
// A one-page memory that realloc grows past 4 GiB on its first call, in the middle of a store.
const GROWS = guest64('(memory (export "memory") i64 1)', 0x1_0001_0000n, 0x1_0002);

type Fn = (...args: unknown[]) => unknown;
async function instantiate(text: string): Promise<Record<string, Fn>> {
  return instantiateBuilt(await wat(text));
}

function instantiateBuilt(c: Component): Record<string, Fn> {
  const inst = new Linker().instantiate(c);
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  // (no `then`: the proxy is the value of a promise)
  return new Proxy({}, { get: (_t, name: string) => (name === 'then' ? undefined : (...args: unknown[]) => inst.exports.func(kebab(name)).call(args)) });
}

const TEXT = ['', 'hello', 'héllo wörld €𝄞', 'x'.repeat(1000), 'ÿ latin-1 only ©'];

describe('64-bit canonical ABI layout', () => {
  it('strings and lists are two i64s, 16 bytes aligned to 8; 32-bit layouts are unchanged', () => {
    expect(layoutOf(string, true)).toEqual({ align: 8, size: 16, flat: ['i64', 'i64'] });
    expect(layoutOf(string)).toEqual({ align: 4, size: 8, flat: ['i32', 'i32'] });
    const r = record([{ name: 'a', type: u8 }, { name: 's', type: list(string) }]);
    expect(layoutOf(r, true)).toMatchObject({ align: 8, size: 24 });
    expect(layoutOf(r)).toMatchObject({ align: 4, size: 12 });
    expect(flattenType(r, true)).toEqual(['i32', 'i64', 'i64']);
  });

  it('plans of one function type exist side by side for both pointer sizes', () => {
    const ft = funcType([{ name: 's', type: string }], string);
    expect(exportPlan(ft, true)).not.toBe(exportPlan(ft));
    expect(exportPlan(ft).coreParams).toEqual(['i32', 'i32']);
    expect(exportPlan(ft).coreResults).toEqual(['i32']);
    expect(exportPlan(ft, true).coreParams).toEqual(['i64', 'i64']);
    expect(exportPlan(ft, true).coreResults).toEqual(['i64']);
    // canon lower: the result goes through an out-pointer of the pointer size
    expect(importPlan(ft).coreParams).toEqual(['i32', 'i32', 'i32']);
    expect(importPlan(ft, true).coreParams).toEqual(['i64', 'i64', 'i64']);
  });
});

for (const [name, text] of [
  ['a flat 64-bit memory', FLAT],
  ['a segmented 64-bit memory (> 4 GiB, data above 4 GiB)', SEGMENTED],
  ['a 64-bit memory that realloc grows past 4 GiB', GROWS],
] as const) {
  describe(`through ${name}`, () => {
    it('strings round-trip in every encoding', async () => {
      const g = await instantiate(text);
      for (const s of TEXT) {
        expect(g.echo(s)).toBe(s);
        expect(g.echo16(s)).toBe(s);
        expect(g.echoLatin(s)).toBe(s);
      }
    });

    it('lists of numbers, of bools and of strings round-trip', async () => {
      const g = await instantiate(text);
      expect(Array.from(g.echoU16s(new Uint16Array([1, 2, 0xffff])) as Uint16Array)).toEqual([1, 2, 0xffff]);
      expect(Array.from(g.echoU16s([7, 8]) as Uint16Array)).toEqual([7, 8]);
      expect(g.echoBools([true, false, true])).toEqual([true, false, true]);
      expect(g.echoStrings(TEXT)).toEqual(TEXT);
      // option<string>: a one-byte discriminant, the payload 8 bytes in, 24 bytes per element
      expect(g.echoOpts(['a', undefined, 'ü'])).toEqual(['a', undefined, 'ü']);
    });

    it('records with nested lists come back through an i64 return pointer', async () => {
      const g = await instantiate(text);
      const r = { name: 'rec €', tags: ['a', '', 'ünïcode 𝄞'] };
      expect(g.echoRec(r)).toEqual(r);
    });

    it('more than 16 flat params spill through an i64 pointer', async () => {
      const g = await instantiate(text);
      expect(g.ninth('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'the ninth ✓')).toBe('the ninth ✓');
    });
  });
}

describe('64-bit pointers and lengths as the guest sees them', () => {
  it('realloc is called with i64 arguments', async () => {
    const g = await instantiate(FLAT);
    g.echo('hello');
    expect(g.lastRealloc()).toEqual([0n, 0n, 1n, 5n]);
    g.echo16('hé');
    expect(g.lastRealloc()).toEqual([0n, 0n, 2n, 4n]);
    // latin1+utf16: Latin-1 first (2 bytes), then realloc grows that block to UTF-16 size once '€' shows up
    g.echoLatin('a€');
    const [old, ...rest] = g.lastRealloc() as bigint[];
    expect(old).toBeGreaterThanOrEqual(1024n);
    expect(rest).toEqual([2n, 2n, 4n]);
  });

  it('the latin1+utf16 UTF-16 tag is bit 63', async () => {
    const g = await instantiate(FLAT);
    expect(g.rawLenLatin('ab')).toBe(2n);
    expect(g.rawLenLatin('a€')).toBe((1n << 63n) | 2n);
  });

  it('bad pointers and lengths from the guest trap', async () => {
    const components = new Map([FLAT, SEGMENTED].map((t) => [t, wat(t)]));
    const built = new Map<string, Component>();
    for (const [t, c] of components) built.set(t, await c);
    const g = (text: string) => instantiateBuilt(built.get(text)!);
    // (a trap poisons the instance: one instance per call)
    for (const text of [FLAT, SEGMENTED]) {
      expect(() => g(text).farString()).toThrow(Trap);
      expect(() => g(text).farString()).toThrow(/out-of-bounds string/);
      expect(() => g(text).hugeString()).toThrow(/longer than the maximum string length/);
      // latin1+utf16: bit 63 is the UTF-16 tag, so this is one UTF-16 code unit at 8
      expect(g(text).hugeStringLatin()).toBe('\0');
    }
  });

  it('pointers above 4 GiB reach the guest unchanged', async () => {
    const g = await instantiate(SEGMENTED);
    expect(g.rawPtr('abc') as bigint).toBeGreaterThanOrEqual(0x1_0001_0000n);
  });
});

describe('a 32-bit component calling a 64-bit one', () => {
  const LIBC32 = `
    (core module $libc
      (memory (export "mem") 1)
      (global $bump (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
        (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
        (global.set $bump (i32.add (local.get $p) (local.get 3)))
        (local.get $p)))
    (core instance $libc (instantiate $libc))
    (alias core export $libc "mem" (core memory $mem))
    (alias core export $libc "realloc" (core func $realloc))`;

  const mixed = (callee: string) => `
(component
  (component $c64 ${callee.trim().slice('(component'.length, -1)})
  (instance $b (instantiate $c64))
  (component $c32
    (import "echo-pair" (func $echo-pair (param "p" ${PAIR}) (result ${PAIR})))
    ${LIBC32}
    (core func $er (canon lower (func $echo-pair) (memory $mem) (realloc $realloc)))
    (core module $m
      (import "libc" "mem" (memory 1))
      (import "" "echo-pair" (func $er (param i32 i32 i32 i32 i32)))
      (data (i32.const 16) "name")
      ;; list<string> of one element at 32: (ptr 40, len 3) in 32-bit layout
      (data (i32.const 32) "\\28\\00\\00\\00\\03\\00\\00\\00")
      (data (i32.const 40) "t\\c3\\a9")
      (func (export "run") (result i32)
        (call $er (i32.const 16) (i32.const 4) (i32.const 32) (i32.const 1) (i32.const 200))
        (i32.const 200)))
    (core instance $i (instantiate $m (with "libc" (instance $libc)) (with "" (instance (export "echo-pair" (func $er))))))
    (func (export "run") (result ${PAIR}) (canon lift (core func $i "run") (memory $mem))))
  (instance $a (instantiate $c32 (with "echo-pair" (func $b "echo-pair"))))
  (export "run" (func $a "run"))
)`;

  for (const [name, callee] of [
    ['flat', FLAT],
    ['segmented', SEGMENTED],
  ] as const) {
    it(`a string and a list of strings cross 32 → 64 → 32 bits (${name} callee memory)`, async () => {
      const g = await instantiate(mixed(callee));
      expect(g.run()).toEqual(['name', ['té']]);
    });
  }
});

describe('async pieces with a 64-bit memory', () => {
  // The callee returns through `task.return` (params i64 pointer, i64 length); the caller lowers it with
  // the `async` option, so the result lands at an i64 return pointer.
  const ASYNC64 = `
(component
  (component $Callee
    (core module $mem (memory (export "mem") i64 1))
    (core instance $mem (instantiate $mem))
    (core func $ret-str (canon task.return (result string) (memory $mem "mem")))
    (core module $m
      (import "" "mem" (memory i64 1))
      (import "" "ret-str" (func $ret-str (param i64 i64)))
      (data (i64.const 100) "hello, 64")
      (func (export "hello") (call $ret-str (i64.const 100) (i64.const 9))))
    (core instance $i (instantiate $m (with "" (instance (export "mem" (memory $mem "mem")) (export "ret-str" (func $ret-str))))))
    (func (export "hello") async (result string) (canon lift (core func $i "hello") async (memory $mem "mem"))))
  (instance $c (instantiate $Callee))
  (component $Caller
    (import "hello" (func $hello async (result string)))
    ${core64('(memory (export "memory") i64 1)', 1024n)}
    (core func $h (canon lower (func $hello) async (memory $mem) (realloc $realloc)))
    (core module $run
      (import "" "h" (func $h (param i64) (result i32)))
      (func (export "run") (result i64) (drop (call $h (i64.const 16))) (i64.const 16)))
    (core instance $r (instantiate $run (with "" (instance (export "h" (func $h))))))
    (func (export "run") (result string) (canon lift (core func $r "run") (memory $mem))))
  (instance $d (instantiate $Caller (with "hello" (func $c "hello"))))
  (export "hello" (func $c "hello"))
  (export "run" (func $d "run"))
)`;

  it('task.return takes an i64 string; an async lower stores the result at an i64 pointer', async () => {
    const g = await instantiate(ASYNC64);
    expect(g.hello()).toBe('hello, 64');
    expect(g.run()).toBe('hello, 64');
  });
});
