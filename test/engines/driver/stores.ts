// Engine side: stores, fuel, interruption, async host functions and snapshots — the parts of the runtime
// that lean on Promises and their job queue (QuickJS's host must drain it, Hermes 0.12 runs promise jobs as
// tasks after the script, its bundle lowers async functions to generators). Fuel is deterministic, so the
// counts must equal what Node computed at preparation time; checksums equal Node's WebAssembly.
import type { StoreChecks } from '../data-format.js';
import { bytesHash } from '../data-format.js';
import { type Api, api, snapshots } from './api.js';
import { stubInto } from './component-smoke.js';
import { suspendAndSnapshot } from './snapshot-steps.js';
import { type Tally, describe, isNamed } from './tally.js';

/** Fuel added to let a suspended call finish (an exact integer as a double). */
const PLENTY = 1e15;

type Check = (p: Api, d: StoreChecks, binary: (m: number) => Uint8Array, t: Tally) => Promise<void> | void;

/** `expected …, got …` unless equal (===). */
function expectEq(t: Tally, where: string, got: unknown, want: unknown, what = ''): void {
  const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  if (got === want) t.pass();
  else t.fail(`stores/${where}`, `${what}expected ${show(want)}, got ${show(got)}`);
}

/** The Trap's reason, or a description of what was thrown instead. */
function trapReason(e: unknown): string {
  return isNamed(e, 'Trap') ? String((e as { reason?: unknown }).reason) : `not a Trap: ${describe(e)}`;
}

const fuel: Check = (p, d, binary, t) => {
  const spin = new p.Module(binary(d.spin.m));
  // a runaway guest stops when its fuel is gone, with the same fuel left as in Node
  const store = new p.Store({ fuel: d.spin.fuel });
  let reason = 'returned';
  try {
    (new p.Instance(spin, {}, { store }).exports.spin as () => void)();
  } catch (e) {
    reason = trapReason(e);
  }
  expectEq(t, 'fuel/spin', reason, 'all fuel consumed', 'trap reason: ');
  expectEq(t, 'fuel/spin', store.fuel, d.spin.left, 'fuel left after the trap: ');
  // a deadline interrupts it
  const watched = new p.Store({ interruptible: true });
  watched.setDeadline(0.01);
  reason = 'returned';
  try {
    (new p.Instance(spin, {}, { store: watched }).exports.spin as () => void)();
  } catch (e) {
    reason = trapReason(e);
  }
  expectEq(t, 'fuel/deadline', reason, 'interrupted', 'trap reason: ');
  // a kernel consumes exactly the fuel it consumed in Node
  const k = d.fuelKernel;
  const metered = new p.Store({ fuel: PLENTY });
  const got = (new p.Instance(new p.Module(binary(k.m)), {}, { store: metered }).exports.run as (n: number) => number)(k.n) | 0;
  const where = `fuel/${k.file} run(${k.n})`;
  expectEq(t, where, got, k.result, 'checksum (Node\'s WebAssembly): ');
  expectEq(t, where, PLENTY - metered.fuel, k.consumed, 'fuel consumed (Node): ');
};

const asyncHost: Check = async (p, d, binary, t) => {
  const m = new p.Module(binary(d.sum.m));
  let calls = 0;
  let reject: Error | undefined;
  const get = async (x: number): Promise<number> => {
    calls++;
    await null;
    if (reject !== undefined) throw reject;
    return x * 2;
  };
  const inst = new p.Instance(m, { h: { get } });
  const where = `async/sum(${d.sum.n})`;
  expectEq(t, where, await inst.callAsync('sum', d.sum.n), d.sum.result, 'result: ');
  expectEq(t, where, calls, d.sum.n, 'host calls: ');
  // a rejection is the import throwing: the very error reaches the caller, and the store stays usable
  reject = new Error('no data');
  let got: unknown = 'fulfilled';
  try {
    await inst.callAsync('sum', 3);
  } catch (e) {
    got = e;
  }
  expectEq(t, 'async/rejection', got === reject ? 'the rejection\'s Error' : got === 'fulfilled' ? 'fulfilled' : describe(got), 'the rejection\'s Error', 'callAsync rejected with: ');
  reject = undefined;
  expectEq(t, 'async/after-rejection', await inst.callAsync('sum', 3), 12, 'sum(3): ');
  // a plain call cannot wait for the Promise: the documented error
  let message = 'returned';
  try {
    (inst.exports.sum as (n: number) => number)(3);
  } catch (e) {
    message = describe(e);
  }
  if (/call the export with callAsync/.test(message)) t.pass();
  else t.fail('stores/async/sync-call', `expected an error telling to use callAsync, got ${message}`);
};

const snapshot: Check = async (p, d, binary, t) => {
  const s = d.snapshot;
  const where = `snapshot/${s.file} run(${s.n})`;
  const module = new p.Module(binary(s.m));
  const fuelAtEnd = PLENTY + s.fuel - s.total; // whatever was left at the suspension, plus PLENTY, minus the rest of the run
  const { restore } = snapshots();
  const first = await suspendAndSnapshot(p, snapshots(), module, s.n, s.fuel);
  const bytes = first.snapshot;
  expectEq(t, where, `${bytes.length} bytes, hash ${bytesHash(bytes)}`, `${s.snapshotBytes} bytes, hash ${s.snapshotHash}`, 'snapshot (Node\'s): ');
  first.store.addFuel(PLENTY);
  expectEq(t, where, ((await first.pending) as number) | 0, s.result, 'resumed checksum (Node\'s WebAssembly): ');
  expectEq(t, where, first.store.fuel, fuelAtEnd, 'fuel left after the run: ');
  // restored into the same store, then into a fresh store with the same module
  const fresh = new p.Store({ fuel: 1, outOfFuel: 'suspend' });
  new p.Instance(module, {}, { store: fresh });
  for (const [label, store] of [['same store', first.store], ['fresh store', fresh]] as const) {
    const calls = restore(store, bytes);
    if (calls.length !== 1) {
      t.fail(`stores/${where}`, `restore into the ${label}: expected 1 suspended call, got ${calls.length}`);
      continue;
    }
    store.addFuel(PLENTY);
    expectEq(t, `${where} restored (${label})`, ((await calls[0]!.resume()) as number) | 0, s.result, 'resumed checksum (Node\'s WebAssembly): ');
    expectEq(t, `${where} restored (${label})`, store.fuel, fuelAtEnd, 'fuel left after the run: ');
  }
};

const component: Check = async (p, d, binary, t) => {
  const c = d.component;
  const where = `component/${c.file}`;
  const comp = new p.Component(binary(c.m));
  const linker = new p.Linker();
  const li = linker.instance('test:numbers/test');
  let calls = 0;
  let scalar = 0;
  const later = async <T>(v: T): Promise<T> => {
    calls++;
    await null;
    return v;
  };
  li.func('set-scalar', async (v: number) => void (scalar = await later(v)));
  li.func('get-scalar', () => later(scalar));
  for (const ty of ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64', 'char']) li.func(`roundtrip-${ty}`, (v: unknown) => later(v));
  const stubs = new Map<unknown, InstanceType<Api['ResourceType']>>();
  for (const [name, it] of comp.type.imports) stubInto(linker, name, it, stubs);
  const inst = linker.instantiate(comp);
  // the guest calls every import and traps on a wrong value
  expectEq(t, `${where} test-imports()`, await inst.exports.func('test-imports').callAsync([]), undefined, 'result: ');
  expectEq(t, `${where} test-imports()`, calls, c.hostCalls, 'async host calls: ');
};

const CHECKS: readonly [string, Check][] = [
  ['fuel', fuel],
  ['async', asyncHost],
  ['snapshot', snapshot],
  ['component', component],
];

export async function runStores(d: StoreChecks, binary: (m: number) => Uint8Array, tally: Tally): Promise<void> {
  const p = api();
  for (const [name, check] of CHECKS) {
    const t0 = Date.now();
    try {
      await check(p, d, binary, tally);
    } catch (e) {
      tally.fail(`stores/${name}`, `threw ${describe(e)}${e instanceof Error && e.stack ? ` ${e.stack.split('\n').slice(0, 3).join(' | ')}` : ''}`);
    }
    tally.time(`stores/${name}`, Date.now() - t0);
  }
}
