// The README's "Stores, fuel, async and snapshots" example, run as written (the module bytes, which the
// README leaves to the reader, are built here; the expectations check what its comments say).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// README: import { Instance, Module, Store, Trap } from 'purewasm';
import { Instance, Module, Store, Trap, callAsync } from '../../src/index.js';
import { buildModule, i32 } from './wasm-builder.js';

const spinBytes = buildModule({ funcs: [{ params: [], results: [], body: [0x03, 0x40, 0x0c, 0x00, 0x0b], export: 'spin' }] });
// (import "h" "get" (func (param i32) (result i32))) (func (export "sum") (param $n i32) (result i32)
//   sum of get(n) for n down to 1)
const sumBytes = buildModule({
  imports: [{ module: 'h', name: 'get', params: [i32], results: [i32] }],
  funcs: [{
    params: [i32], results: [i32], locals: [i32], export: 'sum',
    body: [0x02, 0x40, 0x03, 0x40, 0x20, 0, 0x45, 0x0d, 1, 0x20, 1, 0x20, 0, 0x10, 0, 0x6a, 0x21, 1,
      0x20, 0, 0x41, 1, 0x6b, 0x21, 0, 0x0c, 0, 0x0b, 0x0b, 0x20, 1],
  }],
});
const sha256Bytes = readFileSync(join(resolve(process.env.PUREWASM_SHARED ?? '../shared'), 'bench/wasm/sha256.wasm'));

describe('README: stores, fuel, async and snapshots', () => {
  it('runs as written', async () => {
    const reasons: string[] = [];
    // ---- README code ----
    const spin = new Module(spinBytes);
    const store = new Store({ fuel: 1_000_000 });
    const guest = new Instance(spin, {}, { store });
    try { (guest.exports.spin as () => void)(); } catch (e) { reasons.push((e as Trap).reason); }
    store.addFuel(500);

    const watched = new Store({ interruptible: true });
    watched.setDeadline(0.1);

    const inst = new Instance(new Module(sumBytes), { h: { get: async (x: number) => x * 2 } });
    const sum = await inst.callAsync('sum', 10);

    const s2 = new Store({ fuel: 2_000_000, outOfFuel: 'suspend' });
    const sha = new Instance(new Module(sha256Bytes), {}, { store: s2 });
    const pending = sha.callAsync('run', 2);
    await new Promise((r) => setTimeout(r, 0));
    const snap: Uint8Array = s2.snapshot();
    s2.addFuel(1e15);
    const first = await pending;
    const [call] = s2.restore(snap);
    s2.addFuel(1e15);
    const again = await call.resume();
    // ---- end of README code ----
    expect(reasons).toEqual(['all fuel consumed']);
    expect(store.fuel).toBeGreaterThanOrEqual(500);
    expect(sum).toBe(110);
    expect(await callAsync(inst.exports.sum, 10)).toBe(110);
    const expected = (new Instance(new Module(sha256Bytes), {}).exports.run as (n: number) => number)(2);
    expect(first).toBe(expected);
    expect(again).toBe(expected);
  });
});
