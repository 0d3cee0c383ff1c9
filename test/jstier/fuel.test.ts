// Fuel and interruption in compiled code (src/vm/jstier/metered-codegen.ts): the same program in a metered
// store, interpreted and compiled, consumes the same fuel, runs out at the same point with the same trap and
// remainder, and stops with 'interrupted' from a deadline or interrupt(). Oracle: the interpreter (its cost
// model is tested against hand counts in test/vm/fuel.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, Trap, callAsync } from '../../src/index.js';
import { compileToJs, jit } from '../../src/jit/index.js';
import { SHARED } from '../shared.js';

async function wat(text: string): Promise<Uint8Array> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return parse(text);
}

function compiledCount(store: Store): number {
  return (store as unknown as { funcs: { body: unknown }[] }).funcs.filter((f) => f.body !== null).length;
}

/** The outcome of f: its result or the trap's message. */
function outcome(f: () => unknown): string {
  try {
    return `= ${String(f())}`;
  } catch (e) {
    if (e instanceof Trap) return `trap ${e.message}`;
    throw e;
  }
}

type Tier = 'interpreter' | 'js';
const TIERS: Tier[] = ['interpreter', 'js'];

// Every control structure the translator starts a segment after: loop headers, if/else arms (with and
// without else, with params), block ends reached by branch and by fall-through, br_if, br_table, returns
// from inside loops, calls (direct, indirect, recursive, to the host), and unreachable code after br with
// blocks nested in it (the translator counts nothing there).
const CONTROL = `(module
  (import "h" "tick" (func $tick (param i32) (result i32)))
  (type $ii (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $sq $fact)
  (func $sq (type $ii) (i32.mul (local.get 0) (local.get 0)))
  (func $fact (type $ii)
    (if (result i32) (i32.le_s (local.get 0) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get 0) (call $fact (i32.sub (local.get 0) (i32.const 1)))))))
  (func $mix (export "mix") (param $n i32) (result i32) (local $acc i32) (local $i i32)
    (block $out
      (loop $l
        (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
        (block $b2 (block $b1 (block $b0
          (br_table $b0 $b1 $b2 (i32.rem_u (local.get $i) (i32.const 3))))
          (local.set $acc (i32.add (local.get $acc) (call_indirect (type $ii) (local.get $i) (i32.const 0))))
          (br $b2))
          (local.set $acc (i32.xor (local.get $acc) (call $fact (i32.and (local.get $i) (i32.const 7)))))
          (br $b2)
          (block (local.set $acc (i32.const 999)) (loop (br 0)))
          (drop (i32.const 5)))
        (if (i32.and (local.get $i) (i32.const 1))
          (then (local.set $acc (i32.add (local.get $acc) (call $tick (local.get $i))))))
        (local.set $acc
          (i32.const 3) (i32.const 4)
          (if (param i32 i32) (result i32) (i32.eqz (i32.and (local.get $i) (i32.const 2)))
            (then (i32.add)) (else (i32.sub)))
          (local.get $acc) (i32.add))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $acc))
  (func (export "early") (param $n i32) (result i32)
    (loop $l
      (if (i32.gt_s (local.get $n) (i32.const 40)) (then (return (local.get $n))))
      (local.set $n (i32.add (local.get $n) (i32.const 3)))
      (br $l))
    (unreachable))
  (func (export "div") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.div_s (i32.const 1000) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.ge_s (local.get 0) (i32.const -3))))
    (local.get 1))
  (func (export "spin") (loop $l (br $l)))
  (func (export "spinCalls") (loop $l (drop (call $tick (i32.const 0))) (br $l))))`;

function instance(bytes: Uint8Array, tier: Tier, options: { fuel?: number; interruptible?: boolean; outOfFuel?: 'suspend' }, tick: (s: Store) => number = () => 1) {
  const store = new Store({ ...options, tier, compiler: jit });
  const x = new Instance(new Module(bytes), { h: { tick: () => tick(store) } }, { store }).exports as Record<string, (...a: number[]) => number>;
  return { store, x };
}

describe('fuel in compiled code', () => {
  it('a metered store compiles its functions; without a generator it interprets', async () => {
    const bytes = await wat(CONTROL);
    const { store, x } = instance(bytes, 'js', { fuel: 1e9 });
    expect(x.mix(10)).toBeTypeOf('number');
    expect(compiledCount(store)).toBeGreaterThanOrEqual(3); // mix, fact, sq
    const plain = new Store({ fuel: 1e9, tier: 'js' });
    const y = new Instance(new Module(bytes), { h: { tick: () => 1 } }, { store: plain }).exports as Record<string, (n: number) => number>;
    expect(y.mix(10)).toBe(x.mix(10));
    expect(compiledCount(plain)).toBe(0);
  });

  it('every starting fuel: the same result or trap and the same remainder on both tiers', async () => {
    const bytes = await wat(CONTROL);
    const runs: [string, number[]][] = [['mix', [12]], ['early', [0]], ['div', [3]]];
    for (const [name, args] of runs) {
      const full = instance(bytes, 'interpreter', { fuel: 1e9 });
      outcome(() => full.x[name](...args)); // (div ends with a trap of its own)
      const total = 1e9 - full.store.fuel;
      expect(total).toBeGreaterThan(20);
      const seen = new Set<string>();
      const both = TIERS.map((tier) => instance(bytes, tier, { fuel: 1e9 }));
      for (const { x } of both) outcome(() => x[name](...args)); // (tier 'js' compiles on the first call)
      expect(compiledCount(both[1].store)).toBeGreaterThan(0);
      for (let fuel = 0; fuel <= total + 2; fuel++) {
        const [a, b] = both.map(({ store, x }) => {
          store.fuel = fuel;
          return `${outcome(() => x[name](...args))}, fuel ${store.fuel}`;
        });
        expect(b, `${name} with fuel ${fuel}`).toBe(a);
        seen.add(a.replace(/, fuel \d+$/, ''));
      }
      // both kinds of outcome were compared: running out, and the function's own end
      expect(seen.has('trap all fuel consumed')).toBe(true);
      expect([...seen].some((s) => s !== 'trap all fuel consumed')).toBe(true);
    }
  });

  it('a function nested deeper than the flat-mode threshold (one dispatch loop per scope) counts alike', async () => {
    // 120 nested blocks in a loop; br_table picks how many to leave, each level's end adds to the sum
    const depth = 120;
    let body = '(br_table ' + Array.from({ length: depth }, (_, i) => String(i)).join(' ') + ' (i32.rem_u (local.get $i) (i32.const ' + depth + ')))';
    for (let k = 0; k < depth; k++) body = `(block ${body}) (local.set $acc (i32.add (local.get $acc) (i32.const ${k + 1})))`;
    const bytes = await wat(`(module (func (export "deep") (param $n i32) (result i32) (local $i i32) (local $acc i32)
      (loop $l ${body}
        (local.set $i (i32.add (local.get $i) (i32.const 7)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $acc)))`);
    expect(compileToJs(bytes, { compiler: jit }).code).toMatch(/switch \(S\d+\)/); // (flat mode)
    const both = TIERS.map((tier) => {
      const store = new Store({ fuel: 1e9, tier, compiler: jit });
      return { store, x: new Instance(new Module(bytes), {}, { store }).exports as Record<string, (n: number) => number> };
    });
    for (const { x } of both) x.deep(300);
    expect(compiledCount(both[1].store)).toBe(1);
    const total = 1e9 - both[0].store.fuel;
    expect(total).toBeGreaterThan(1000);
    for (let fuel = 0; fuel <= total + 1; fuel += 37) {
      const [a, b] = both.map(({ store, x }) => {
        store.fuel = fuel;
        return `${outcome(() => x.deep(300))}, fuel ${store.fuel}`;
      });
      expect(b, `fuel ${fuel}`).toBe(a);
    }
  });

  it.each(['fib', 'i64mix', 'nbody', 'sha256', 'sort', 'vm'])('%s: same fuel consumed, same point of exhaustion', (name) => {
    const bytes = readFileSync(join(SHARED, 'bench', 'wasm', `${name}.wasm`));
    const result = TIERS.map((tier) => {
      const store = new Store({ fuel: 1e12, tier, compiler: jit });
      const x = new Instance(new Module(bytes), {}, { store }).exports as Record<string, (n?: number) => number>;
      const n = Math.max(1, Math.floor(x.default_n() / 2000));
      const r = x.run(n);
      const used = 1e12 - store.fuel;
      const ends: string[] = [];
      for (const part of [0.13, 0.5, 0.97]) {
        store.fuel = Math.floor(used * part);
        ends.push(`${outcome(() => x.run(n))} ${store.fuel}`);
      }
      return { r, used, ends, compiled: compiledCount(store) > 0 };
    });
    expect(result[1].compiled).toBe(true);
    expect(result[1]).toEqual({ ...result[0], compiled: true });
  });

  it('a trap inside a segment leaves the same remainder (the segment was charged on entry)', async () => {
    const bytes = await wat(CONTROL);
    const left = TIERS.map((tier) => {
      const { store, x } = instance(bytes, tier, { fuel: 10_000 });
      expect(outcome(() => x.div(3))).toBe('trap integer divide by zero');
      return store.fuel;
    });
    expect(left[1]).toBe(left[0]);
  });

  it('under callAsync a metered store interprets (a JS frame cannot suspend), and fuel suspends there', async () => {
    const bytes = await wat(CONTROL);
    const { store, x } = instance(bytes, 'js', { fuel: 1e9, outOfFuel: 'suspend' });
    const sync = x.mix(30);
    const used = 1e9 - store.fuel;
    const compiled = compiledCount(store);
    store.fuel = Math.floor(used / 2);
    const p = callAsync(x.mix, 30) as Promise<number>;
    await new Promise((r) => setTimeout(r, 10));
    expect(store.fuel).toBeLessThan(20); // suspended: waiting for fuel
    store.addFuel(used);
    expect(await p).toBe(sync);
    expect(store.fuel).toBe(Math.floor(used / 2)); // (used / 2 + used) - used: the same count as the sync call
    expect(compiledCount(store)).toBe(compiled);
  });
});

describe('interruption of compiled code', () => {
  it('a deadline stops a compiled infinite loop', async () => {
    const bytes = await wat(CONTROL);
    for (const options of [{ interruptible: true }, { fuel: 1e15 }]) {
      const { store, x } = instance(bytes, 'js', options);
      x.mix(3); // compiled
      store.setDeadline(0.05);
      expect(outcome(() => x.spin())).toBe('trap interrupted');
      expect(compiledCount(store)).toBeGreaterThan(0);
      store.setDeadline(undefined);
      expect(x.early(1)).toBe(43);
    }
  });

  it('interrupt() from a host function stops the compiled loop at its next check, as interpreted', async () => {
    const bytes = await wat(CONTROL);
    const ends = TIERS.map((tier) => {
      let ticks = 0;
      const { store, x } = instance(bytes, tier, { fuel: 1e9 }, (s) => {
        if (++ticks === 1000) s.interrupt();
        return 0;
      });
      x.early(0);
      const before = store.fuel;
      expect(outcome(() => x.spinCalls())).toBe('trap interrupted');
      expect(x.early(0)).toBe(42); // usable again: the request was consumed
      return { ticks, used: before - store.fuel, compiled: compiledCount(store) > 0 };
    });
    expect(ends[0]).toEqual({ ticks: 1000, used: ends[0].used, compiled: false });
    expect(ends[1]).toEqual({ ...ends[0], compiled: true });
  });

  it('an interruptible store without fuel keeps reading Infinity after compiled runs', async () => {
    const bytes = await wat(CONTROL);
    const { store, x } = instance(bytes, 'js', { interruptible: true });
    x.mix(50);
    expect(store.fuel).toBe(Infinity);
    store.interrupt();
    expect(outcome(() => x.spin())).toBe('trap interrupted');
    expect(store.fuel).toBe(Infinity);
  });
});
