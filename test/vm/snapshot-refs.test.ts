// Snapshots of stores that hold references beyond the store's own functions (issue #13): GC objects
// (identity, cycles, packed fields, i31), exceptions (exnref with a reference payload, tags of the store's
// instances and made in JS), JS values (primitives written into the bytes; objects and functions through
// `hostValues`), on the stack of a suspended call too; restored in another store, in a store of a process
// that canonicalized other GC types first, and from the old formats. Every check after a restore runs wasm
// code that reads the restored references (struct.get, ref.eq, array.len, throw_ref + catch), and every
// refusal leaves the store as it was.
import { execFile } from 'node:child_process';
import { readFileSync as read } from 'node:fs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Exception, Instance, Module, Store, Tag, WasmException } from '../../src/index.js';
import { restore, snapshot } from '../../src/snapshot/index.js';
import { PACKS } from '../packs.js';
import { GC_MODULE, UNRELATED_TYPES, gcImports } from './snapshot-refs-modules.js';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
type Fn = (...args: unknown[]) => any;

async function wasm(text: string): Promise<Uint8Array> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return parse(text);
}

async function gcModule(): Promise<Module> {
  return new Module(await wasm(GC_MODULE), PACKS);
}

/** Every check of GC_MODULE's "check" exports: what a built (or restored) store answers. */
function checks(e: Record<string, Fn>): Record<string, unknown> {
  return {
    packed: [e.b_s(), e.b_u(), e.h_s(), e.h_u(), e.w()],
    cycle: e.cycle(),
    shared: e.shared(),
    arrays: e.arrays(),
    i31: e.i31(),
    exn: e.exn(),
  };
}

const BUILT = { packed: [-1, 255, -2, 65534, 0x123456789n], cycle: 1, shared: 1, arrays: [3, 44, -3, 5, 1], i31: [-5, 12345], exn: [42, 1] };

describe('snapshots: GC objects', () => {
  it('structs, arrays (packed i8/i16), i31, a cycle, one object reached three ways, an exnref: restored in another store', async () => {
    const m = await gcModule();
    const store = new Store();
    const a = new Instance(m, gcImports, { store });
    const e = a.exports as Record<string, Fn>;
    e.build();
    expect(checks(e)).toEqual(BUILT);
    const bytes = snapshot(store);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('PWS3');

    const other = new Store();
    const b = new Instance(m, gcImports, { store: other });
    const f = b.exports as Record<string, Fn>;
    expect(f.cycle()).toBe(0); // (nothing built there: g1 is null)
    expect(restore(other, bytes)).toEqual([]);
    expect(checks(f)).toEqual(BUILT);
    // JS sees one object where wasm sees one, and a fresh one (not the first store's)
    expect(b.exports.g1.value).toBe(b.exports.t.get(0));
    expect(b.exports.g1.value).not.toBe(a.exports.g1.value);
    // the restored objects are live: mutate through one path, read through another
    f.bump();
    expect(f.b_s()).toBe(0);
    expect(e.b_s()).toBe(-1);
    // and restoring again brings back the snapshot's state
    restore(other, bytes);
    expect(checks(f)).toEqual(BUILT);
  });

  it('restores in a store whose module was canonicalized after other GC types, and in another process that did so', async () => {
    // In this process: unrelated types first, then a fresh compile of the module (its ids are this process's).
    new Module(await wasm(UNRELATED_TYPES), PACKS);
    const m = await gcModule();
    const store = new Store();
    new Instance(m, gcImports, { store }).exports.build();
    const bytes = snapshot(store);
    const other = new Store();
    const b = new Instance(await gcModule(), gcImports, { store: other });
    restore(other, bytes);
    expect(checks(b.exports as Record<string, Fn>)).toEqual(BUILT);

    // In a fresh process, the unrelated types take the first canonical ids, so the module's differ from ours.
    const dir = mkdtempSync(join(tmpdir(), 'purewasm-'));
    writeFileSync(join(dir, 'gc.snapshot'), bytes);
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/vm/scripts/snapshot-refs-resume.ts', join(dir, 'gc.snapshot')], { encoding: 'utf8' });
    const out = JSON.parse(r.stdout);
    expect(out.typeIds).not.toEqual(Array.from(m.validated.canonicalTypeIds));
    expect(out.checks).toEqual(JSON.parse(JSON.stringify(BUILT, (_k, v) => (typeof v === 'bigint' ? String(v) : v))));
  }, 60_000);

  it('a list of 100,000 structs is written and read without recursion; wasm walks it after the restore', async () => {
    const m = new Module(await wasm(`(module
      (type $n (struct (field i32) (field (ref null $n))))
      (global $head (mut (ref null $n)) (ref.null $n))
      (func (export "build") (param $k i32)
        (loop $l
          (global.set $head (struct.new $n (local.get $k) (global.get $head)))
          (br_if $l (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
      (func (export "sum") (result i32) (local $p (ref null $n)) (local $s i32)
        (local.set $p (global.get $head))
        (block $done (loop $l
          (br_if $done (ref.is_null (local.get $p)))
          (local.set $s (i32.add (local.get $s) (struct.get $n 0 (local.get $p))))
          (local.set $p (struct.get $n 1 (local.get $p)))
          (br $l)))
        (local.get $s)))`), PACKS);
    const a = new Instance(m, {}, { store: new Store() });
    (a.exports.build as Fn)(100_000);
    const sum = (a.exports.sum as Fn)();
    expect(sum).toBe((100_000 * 100_001) / 2 | 0);
    const b = new Instance(m, {}, { store: new Store() });
    restore(b.store, snapshot(a.store));
    expect((b.exports.sum as Fn)()).toBe(sum);
  });

  it('a suspended call whose stack holds a struct, an exnref and a JS object resumes after a restore', async () => {
    const m = await gcModule();
    const seen: unknown[] = [];
    const imports = (wait: (x: unknown) => Promise<number>) => ({ h: { wait, see: (x: unknown) => void seen.push(x) } });
    const store = new Store();
    const a = new Instance(m, imports(async () => { await tick(); return 1000; }), { store });
    const token = { name: 'token' };
    const first = a.callAsync('hold', token);
    await tick();
    expect(() => snapshot(store)).toThrow(/\(a JS object at stack slot \d+\): pass snapshot\(store, \{ hostValues: \[\] \}\)/);
    const hostValues: unknown[] = [];
    const bytes = snapshot(store, { hostValues });
    expect(hostValues).toEqual([token]);
    const expected = await first;
    // payload 42 + the struct's i8 field read back (-1) + the host result, with 1 per identity check that holds
    expect(expected).toBe(42 - 1 + 1000 + 3);
    expect(seen).toEqual([token]);

    const other = new Store();
    new Instance(m, imports(() => { throw new Error('not called: the call is restored past it'); }), { store: other });
    const [call] = restore(other, bytes, { hostValues });
    expect(await call.resume(1000)).toBe(expected);
    expect(seen).toEqual([token, token]);
  });
});

describe('snapshots: segments', () => {
  it('data.drop and elem.drop are part of the state; a passive segment\'s GC objects keep their identity with a table\'s', async () => {
    const m = new Module(await wasm(`(module
      (type $s (struct (field (mut i32))))
      (type $a (array (mut (ref null $s))))
      (memory 1)
      (data $d "hello")
      (table $t 2 (ref null $s))
      (elem $e (ref null $s) (item (struct.new $s (i32.const 5))))
      (func (export "init") (table.init $t $e (i32.const 0) (i32.const 0) (i32.const 1)))
      (func $fromSeg (result (ref null $s)) (array.get $a (array.new_elem $a $e (i32.const 0) (i32.const 1)) (i32.const 0)))
      (func (export "same") (result i32) (ref.eq (table.get $t (i32.const 0)) (call $fromSeg)))
      (func (export "bump") (struct.set $s 0 (table.get $t (i32.const 0)) (i32.const 9)))
      (func (export "read") (result i32) (struct.get $s 0 (call $fromSeg)))
      (func (export "dropE") (elem.drop $e))
      (func (export "dropD") (data.drop $d))
      (func (export "load") (result i32) (memory.init $d (i32.const 0) (i32.const 0) (i32.const 5)) (i32.load8_u (i32.const 4))))`), PACKS);
    const store = new Store();
    const e = new Instance(m, {}, { store }).exports as Record<string, Fn>;
    e.init();
    expect(e.same()).toBe(1);
    const bytes = snapshot(store);
    e.dropE();
    e.dropD();
    expect(() => e.load()).toThrow(/out of bounds/);
    expect(() => e.read()).toThrow(/out of bounds/);
    const dropped = snapshot(store);

    restore(store, bytes); // the segments are back
    expect(e.load()).toBe('o'.charCodeAt(0));
    expect(e.same()).toBe(1);
    const fi = new Instance(m, {}, { store: new Store() });
    const f = fi.exports as Record<string, Fn>;
    restore(fi.store, bytes);
    expect(f.same()).toBe(1); // the restored table element is the restored segment's object
    f.bump();
    expect(f.read()).toBe(9);
    const g = new Instance(m, {}, { store: new Store() });
    restore(g.store, dropped);
    expect(() => (g.exports.load as Fn)()).toThrow(/out of bounds/);
    expect(() => (g.exports.read as Fn)()).toThrow(/out of bounds/);
  });
});

describe('snapshots: exceptions', () => {
  it('an exception of a JS-made tag the module does not import goes through hostValues and rethrows to JS', async () => {
    const m = new Module(await wasm(`(module
      (import "h" "throw" (func $throw))
      (global $x (mut exnref) (ref.null exn))
      (func (export "keep") (block $h (result exnref) (try_table (catch_all_ref $h) (call $throw)) (unreachable)) (global.set $x))
      (func (export "rethrow") (throw_ref (global.get $x))))`), PACKS);
    const tag = new Tag({ parameters: ['i32', 'externref'] });
    const payload = { p: 1 };
    // without a list: the payload's object is named by its path, and so is the tag (with a primitive payload)
    const plain = new Store();
    (new Instance(m, { h: { throw: () => { throw new Exception(tag, [7, 'text']); } } }, { store: plain }).exports.keep as Fn)();
    expect(() => snapshot(plain)).toThrow('snapshot: cannot write a reference to a JS value or a function of no instance in this store (the tag (made in JS or of another store) of an exception at global cell 0): pass snapshot(store, { hostValues: [] })');
    const store = new Store();
    const a = new Instance(m, { h: { throw: () => { throw new Exception(tag, [7, payload]); } } }, { store });
    (a.exports.keep as Fn)();
    expect(() => snapshot(store)).toThrow('(a JS object at global cell 0 → exception payload value 1)');
    const hostValues: unknown[] = [];
    const bytes = snapshot(store, { hostValues });
    expect(hostValues).toEqual([payload, tag]);
    const other = new Store();
    const b = new Instance(m, { h: { throw: () => {} } }, { store: other });
    // the tag's entry must be a tag
    expect(() => restore(other, bytes, { hostValues: [payload, {}] })).toThrow("restore: exception 0's tag is an entry of `hostValues` that is no tag");
    restore(other, bytes, { hostValues });
    let caught: unknown;
    try {
      (b.exports.rethrow as Fn)();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(Exception); // made in JS, restored as such
    const ex = caught as WasmException;
    expect(ex.is(tag)).toBe(true);
    expect(ex.getArg(tag, 0)).toBe(7);
    expect(ex.getArg(tag, 1)).toBe(payload);
  });
});

const EXTERN = `(module
  (table $t (export "t") 16 externref)
  (global $g (export "g") (mut externref) (ref.null extern))
  (type $v (func (result i32)))
  (table $f (export "f") 2 funcref)
  (func (export "isNull") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
  (func (export "get") (param i32) (result externref) (table.get $t (local.get 0)))
  (func (export "callF") (param i32) (result i32) (call_indirect $f (type $v) (local.get 0))))`;

/** JS values of every primitive kind, and objects. */
function fill(t: { set(i: number, v: unknown): void }): { obj: object; fn: Fn; sym: symbol } {
  const obj = { o: 1 };
  const fn = (): number => 3;
  const sym = Symbol('s');
  const nanBits = new Float64Array(new Uint32Array([1, 0x7ff80000 | 0x123]).buffer)[0];
  const values: unknown[] = [undefined, null, -0, nanBits, 'a\ud800b\udc00\u{1f600}', true, false, -(2n ** 70n), 12345678901234567890n, 1.5, obj, fn, sym, obj];
  values.forEach((v, i) => t.set(i, v));
  return { obj, fn, sym };
}

function bitsOf(x: number): number[] {
  return Array.from(new Uint32Array(new Float64Array([x]).buffer));
}

describe('snapshots: JS values', () => {
  it('primitives are written into the bytes (undefined is not null, -0, NaN bits, lone surrogates, bigints); objects by hostValues', async () => {
    const m = new Module(await wasm(EXTERN));
    const store = new Store();
    const a = new Instance(m, {}, { store });
    const t = a.exports.t as { set(i: number, v: unknown): void; get(i: number): unknown };
    const { obj, fn, sym } = fill(t);
    expect(() => snapshot(store)).toThrow(/cannot write a reference to a JS value or a function of no instance in this store \(a JS object at table 0 element 10\): pass snapshot\(store, \{ hostValues: \[\] \}\)/);
    const hostValues: unknown[] = [];
    const bytes = snapshot(store, { hostValues });
    expect(hostValues).toEqual([obj, fn, sym]); // each distinct object once

    const other = new Store();
    const b = new Instance(m, {}, { store: other });
    restore(other, bytes, { hostValues });
    const e = b.exports as Record<string, Fn>;
    expect([0, 1, 2].map((i) => e.isNull(i))).toEqual([0, 1, 0]);
    expect(e.get(0)).toBe(undefined);
    expect(e.get(1)).toBe(null);
    expect(Object.is(e.get(2), -0)).toBe(true);
    expect(bitsOf(e.get(3))).toEqual([1, 0x7ff80123]); // (this engine keeps a NaN's payload in a number)
    expect(e.get(4)).toBe('a\ud800b\udc00\u{1f600}');
    expect([5, 6, 7, 8, 9].map((i) => e.get(i))).toEqual([true, false, -(2n ** 70n), 12345678901234567890n, 1.5]);
    expect(e.get(10)).toBe(obj);
    expect(e.get(11)).toBe(fn);
    expect(e.get(12)).toBe(sym);
    expect(e.get(13)).toBe(obj);
    expect([14, 15].map((i) => e.isNull(i))).toEqual([1, 1]);

    // primitives alone need no list, and restore anywhere
    const c = new Instance(m, {}, { store: new Store() });
    (c.exports.g as { value: unknown }).value = undefined;
    (c.exports.t as { set(i: number, v: unknown): void }).set(3, 'x');
    const plain = snapshot(c.store);
    const d = new Instance(m, {}, { store: new Store() });
    restore(d.store, plain);
    expect((d.exports.g as { value: unknown }).value).toBe(undefined);
    expect((d.exports.get as Fn)(3)).toBe('x');
    expect((d.exports.isNull as Fn)(0)).toBe(1);
  });

  it('objects by index: a list of equivalent objects in the same order (as another process rebuilds it) restores them; a given list keeps its entries', async () => {
    const m = new Module(await wasm(EXTERN));
    const store = new Store();
    const a = new Instance(m, {}, { store });
    const t = a.exports.t as { set(i: number, v: unknown): void };
    const x = { name: 'x' };
    const y = { name: 'y' };
    t.set(0, y);
    t.set(1, x);
    const hostValues: unknown[] = [x, 'kept'];
    snapshot(store, { hostValues });
    expect(hostValues).toEqual([x, 'kept', y]); // x was in the list already: its index is reused
    const bytes = snapshot(store, { hostValues });
    expect(hostValues).toHaveLength(3);
    // equivalent objects, same order
    const rebuilt = [{ name: 'x' }, 'kept', { name: 'y' }];
    const b = new Instance(m, {}, { store: new Store() });
    restore(b.store, bytes, { hostValues: rebuilt });
    expect((b.exports.get as Fn)(0)).toBe(rebuilt[2]);
    expect((b.exports.get as Fn)(1)).toBe(rebuilt[0]);
  });

  it('a GC object of a type no instance of the store has (another store\'s) is a value by identity', async () => {
    const m = new Module(await wasm(EXTERN));
    const gcInst = new Instance(await gcModule(), gcImports);
    (gcInst.exports.build as Fn)();
    const foreign = gcInst.exports.g1.value;
    const a = new Instance(m, {}, { store: new Store() });
    (a.exports.t as { set(i: number, v: unknown): void }).set(0, foreign);
    expect(() => snapshot(a.store)).toThrow('(a GC object of a type no instance of this store has at table 0 element 0)');
    const hostValues: unknown[] = [];
    const bytes = snapshot(a.store, { hostValues });
    expect(hostValues).toEqual([foreign]);
    const b = new Instance(m, {}, { store: new Store() });
    restore(b.store, bytes, { hostValues });
    expect((b.exports.get as Fn)(0)).toBe(foreign);
  });

  it('a funcref to a function of another store goes through hostValues and is callable after a restore', async () => {
    const m = new Module(await wasm(EXTERN));
    const callee = new Instance(new Module(await wasm('(module (func (export "f") (result i32) (i32.const 77)))')), {});
    const store = new Store();
    const a = new Instance(m, {}, { store });
    (a.exports.f as { set(i: number, v: unknown): void }).set(1, callee.exports.f);
    expect((a.exports.callF as Fn)(1)).toBe(77);
    expect(() => snapshot(store)).toThrow(/a function of no instance in this store at table 1 element 1/);
    const hostValues: unknown[] = [];
    const bytes = snapshot(store, { hostValues });
    expect(hostValues).toEqual([callee.exports.f]);
    const b = new Instance(m, {}, { store: new Store() });
    restore(b.store, bytes, { hostValues });
    expect((b.exports.callF as Fn)(1)).toBe(77);
    // an entry that is no wasm function where a function reference was: refused, the store unchanged
    const c = new Instance(m, {}, { store: new Store() });
    expect(() => restore(c.store, bytes, { hostValues: [() => 77] })).toThrow(/entry 0 of `hostValues` stands for a function reference but is no WebAssembly function/);
    expect(() => (c.exports.callF as Fn)(1)).toThrow(/uninitialized|null/);
  });
});

describe('snapshots: old formats, refusals, corrupt bytes', () => {
  it('PWS1 and PWS2 snapshots (recorded by the writers of their time, test/vm/snapshot-fixtures) still restore', () => {
    // old.wasm: a global $g = 55, a funcref global and table element 2 set to $f (7); an externref table of nulls
    const m = new Module(read('test/vm/snapshot-fixtures/old.wasm'));
    for (const file of ['old.pws1', 'old.pws2']) {
      const bytes = new Uint8Array(read(`test/vm/snapshot-fixtures/${file}`));
      const i = new Instance(m, {}, { store: new Store() });
      const e = i.exports as Record<string, Fn>;
      expect(() => e.get()).toThrow(); // nothing set yet
      expect(restore(i.store, bytes, { hostValues: [] })).toEqual([]);
      expect(e.get()).toBe(1234 + 55 + 7 + 7);
      expect(e.nulls()).toBe(2);
    }
  });

  it('names where an object without a list was found, through the objects that lead to it', async () => {
    const m = await gcModule();
    const store = new Store();
    const e = new Instance(m, gcImports, { store }).exports as Record<string, Fn>;
    e.build();
    e.stash({ js: true });
    expect(() => snapshot(store)).toThrow('(a JS object at global cell 1 → array element 1)');
    e.clearG2();
    expect(() => snapshot(store)).toThrow('(a JS object at global cell 2 → exception payload value 1 → array element 1)');
    expect(() => snapshot(store, { hostValues: {} as unknown[] })).toThrow(TypeError);
  });

  it('a snapshot needing host values is refused without them, or with too few, before anything changes', async () => {
    const m = new Module(await wasm(EXTERN));
    const a = new Instance(m, {}, { store: new Store() });
    fill(a.exports.t as { set(i: number, v: unknown): void });
    const hostValues: unknown[] = [];
    const bytes = snapshot(a.store, { hostValues });
    const b = new Instance(m, {}, { store: new Store() });
    const t = b.exports.t as { set(i: number, v: unknown): void; get(i: number): unknown };
    t.set(0, 'before');
    const g = b.exports.g as { value: unknown };
    g.value = 'g before';
    expect(() => restore(b.store, bytes)).toThrow('restore: the snapshot refers to JS values by index in the `hostValues` list its snapshot call filled (3 entries): pass restore(store, bytes, { hostValues })');
    expect(() => restore(b.store, bytes, { hostValues: hostValues.slice(0, 2) })).toThrow('restore: the snapshot needs 3 entries of `hostValues`, the list given has 2');
    expect(() => restore(b.store, bytes, { hostValues: 'abc' as unknown as unknown[] })).toThrow(TypeError);
    // a reference to an entry past the count the header declares (bytes 8..11): a bad snapshot
    const lying = bytes.slice();
    new DataView(lying.buffer).setUint32(8, 1, true);
    expect(() => restore(b.store, lying, { hostValues })).toThrow('restore: bad snapshot (a reference names entry 1 of `hostValues`, past the 1 the snapshot declared)');
    expect(t.get(0)).toBe('before');
    expect(g.value).toBe('g before');
    expect((b.exports.isNull as Fn)(1)).toBe(1);
  });

  it('corrupt bytes (every truncation, every byte flipped) give a clear Error and leave the store unchanged', async () => {
    const m = await gcModule();
    const store = new Store();
    const e = new Instance(m, gcImports, { store }).exports as Record<string, Fn>;
    e.build();
    e.stash('a string');
    const good = snapshot(store);
    const fresh = (): { s: Store; f: Record<string, Fn> } => {
      const s = new Store();
      const f = new Instance(m, gcImports, { store: s }).exports as Record<string, Fn>;
      return { s, f };
    };
    /** The state of a store of GC_MODULE nothing ran in. */
    const untouched = (f: Record<string, Fn>): boolean => f.cycle() === 0 && (f.t as unknown as { get(i: number): unknown }).get(1) === null && (f.g2 as unknown as { value: unknown }).value === null;
    const refused: string[] = [];
    const tryRestore = (bytes: Uint8Array): void => {
      const { s, f } = fresh();
      try {
        restore(s, bytes);
      } catch (err) {
        expect(err).toBeInstanceOf(Error);
        expect((err as Error).constructor).toBe(Error); // not a TypeError or RangeError from deep inside
        expect((err as Error).message).toMatch(/^restore: /);
        expect(untouched(f)).toBe(true);
        refused.push((err as Error).message);
      }
    };
    for (let n = 0; n < good.length; n++) tryRestore(good.subarray(0, n));
    expect(refused).toHaveLength(good.length); // every truncation is refused
    refused.length = 0;
    for (let k = 0; k < good.length; k++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const bad = good.slice();
        bad[k] ^= flip;
        tryRestore(bad);
      }
    }
    // (a flipped value in a field or a count read as one is no structural error: those restore)
    expect(refused.length).toBeGreaterThan(good.length);
    // and a good snapshot still restores into such a store
    const { s, f } = fresh();
    restore(s, good);
    expect([f.cycle(), f.shared(), f.arrays(), f.exn()]).toEqual([BUILT.cycle, BUILT.shared, BUILT.arrays, BUILT.exn]);
  }, 60_000);
});
