// Snapshot / restore of a store with a call suspended by fuel: resumed to the end, restored, resumed again
// (in this process and, from a file, in a fresh one): every run ends with the uninterrupted checksum.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store } from '../../src/index.js';
import { restore, snapshot } from '../../src/snapshot/index.js';

const shared = process.env.PUREWASM_SHARED ?? resolve('../shared');
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

async function wat(text: string): Promise<Module> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return new Module(await parse(text));
}

describe('store snapshots', () => {
  it('sha256 suspended halfway: resume, restore, resume again, and in a fresh process', async () => {
    const module = new Module(readFileSync(join(shared, 'bench/wasm/sha256.wasm')));
    const expected = (new Instance(module, {}).exports.run as (n: number) => number)(2);

    const store = new Store({ fuel: 2_000_000, outOfFuel: 'suspend' }); // about half of run(2)
    const inst = new Instance(module, {}, { store });
    let done = false;
    const first = inst.callAsync('run', 2).then((r) => { done = true; return r; });
    await tick();
    expect(done).toBe(false);
    const snap = snapshot(store);
    store.addFuel(1e15);
    expect(await first).toBe(expected);

    const [call] = restore(store, snap);
    expect(call).toBeDefined();
    store.addFuel(1e15);
    expect(await call.resume()).toBe(expected);

    const file = join(mkdtempSync(join(tmpdir(), 'purewasm-')), 'sha256.snapshot');
    writeFileSync(file, snap);
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/vm/scripts/snapshot-resume.ts', shared, file], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout).result).toBe(expected);
  }, 120_000);

  it('memories, tables and globals come back; another module is refused', async () => {
    const m = await wat(`(module (memory (export "mem") 1) (global $g (export "g") (mut i32) (i32.const 1))
      (table $t 2 funcref) (elem declare func $f)
      (func $f (export "f") (result i32) (i32.const 99))
      (func (export "set") (param i32)
        (i32.store (i32.const 8) (local.get 0)) (global.set $g (local.get 0))
        (memory.grow (i32.const 1)) drop (table.set $t (i32.const 1) (ref.func $f)))
      (func (export "get") (result i32) (i32.add (i32.add (i32.load (i32.const 8)) (global.get $g)) (memory.size)))
      (type $v (func (result i32)))
      (func (export "callT") (result i32) (call_indirect $t (type $v) (i32.const 1))))`);
    const store = new Store();
    const i = new Instance(m, {}, { store });
    const e = i.exports as Record<string, (x?: number) => number>;
    e.set(20);
    expect(e.get()).toBe(42);
    const snap = snapshot(store);
    const other = new Store();
    const j = new Instance(m, {}, { store: other });
    restore(other, snap);
    const f = j.exports as Record<string, (x?: number) => number>;
    expect(f.get()).toBe(42);
    expect(f.callT()).toBe(99);
    const n = await wat(`(module (func (export "x")))`);
    const third = new Store();
    new Instance(n, {}, { store: third });
    expect(() => restore(third, snap)).toThrow(/another module|instances/);
  });

  it('purewasm/snapshot names what it takes: a Store, and the snapshot as a Uint8Array', () => {
    expect(() => snapshot({} as Store)).toThrow(/snapshot takes a Store of 'purewasm'/);
    expect(() => restore(null as unknown as Store, new Uint8Array(8))).toThrow(TypeError);
    expect(() => restore(new Store(), [1, 2] as unknown as Uint8Array)).toThrow(/restore takes the snapshot as a Uint8Array/);
    // bytes that are no snapshot: refused before the store changes
    expect(() => restore(new Store(), new Uint8Array(8))).toThrow(/not a purewasm store snapshot/);
  });
});
