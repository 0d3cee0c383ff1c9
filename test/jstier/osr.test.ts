// Entering compiled code from a running loop (OSR, docs/ARCHITECTURE.md "JS tier"): in tier 'auto' a loop of an
// interpreted call that runs long enough hands the call to the JS tier at its header, which runs it to its end.
// Every way out of the loop gives the interpreter's (and Node's) results; the loop is entered, not only the
// function compiled at its third call; what cannot be entered is asked for once. Most cases set the store's
// loop threshold to 1 (Machine.jsLoops, internal), so a loop enters compiled code the first time its header is
// reached.
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store, callAsync } from '../../src/index.js';
import type { JsCompiler } from '../../src/vm/jstier/compiler.js';
import type { FuncInst } from '../../src/vm/runtime/func.js';
import { jit } from '../../src/jit/index.js';
import { NodeWasm, outcome, wat } from './oracle.js';

type Exports = Record<string, (...a: number[]) => number>;

/** The loop offsets entered compiled code in the store, by function index (internal state, for the test). */
function entered(store: Store): Map<number, number> {
  const loops = (store as unknown as { jsRt: { loops: Map<FuncInst, Map<number, unknown>> } }).jsRt.loops;
  const out = new Map<number, number>();
  for (const [f, bodies] of loops) out.set(f.index, [...bodies.values()].filter((b) => b !== null).length);
  return out;
}

/** A store in tier 'auto' with the JS tier's generator (spied on: the loops it is asked to enter). */
function osrStore(threshold: number | undefined, compiler: JsCompiler = jit): { store: Store; asked: number[] } {
  const asked: number[] = [];
  const spy: JsCompiler = {
    ...compiler,
    generate: (walk, options) => {
      if (options?.osrLoop !== undefined) asked.push(options.osrLoop);
      return compiler.generate(walk, options);
    },
  };
  const store = new Store({ tier: 'auto', compiler: spy });
  if (threshold !== undefined) (store as unknown as { jsLoops: number }).jsLoops = threshold;
  return { store, asked };
}

/** Each call's outcome in Node (`node` false: what this Node cannot run, or overflows its stack), interpreted,
 *  and with every loop entered compiled at once (fresh stores: every call is a function's first). */
async function compare(text: string, calls: [string, ...number[]][], imports: (log: number[]) => object = () => ({}), node = true): Promise<Store> {
  const bytes = await wat(text);
  const nodeLog: number[] = [];
  const native = node ? new NodeWasm.Instance(new NodeWasm.Module(bytes), imports(nodeLog)).exports as Exports : null;
  let last: Store | undefined;
  for (const [name, ...args] of calls) {
    const interpLog: number[] = [];
    const interp = new Instance(new Module(bytes), imports(interpLog) as never, { store: new Store({ tier: 'interpreter' }) }).exports as Exports;
    const want = native === null ? outcome(interp[name], ...args) : outcome(native[name], ...args);
    expect([name, args, outcome(interp[name], ...args)]).toEqual([name, args, want]);
    const { store } = osrStore(1);
    const osrLog: number[] = [];
    const x = new Instance(new Module(bytes), imports(osrLog) as never, { store }).exports as Exports;
    expect([name, args, outcome(x[name], ...args)]).toEqual([name, args, want]);
    expect(osrLog).toEqual(interpLog);
    last = store;
  }
  return last!;
}

const EXITS = `(module
  (memory 1)
  ;; br to an outer block with a value, br_if out, the loop's own end with a result
  (func (export "blockValue") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $out (result i32)
      (loop $l
        (local.set $s (i32.add (local.get $s) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $out (i32.mul (local.get $s) (i32.const 3)) (i32.ge_u (local.get $i) (local.get $n)))
        (br $l))
      (i32.const -1)))
  ;; br_table to the loop, an inner block and an outer block, with a value below the loop on the stack
  (func (export "table") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (i32.const 1000)
    (block $done (result i32)
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $s (i32.add (local.get $s)
          (block $odd (result i32)
            (i32.mul (i32.const 3)
              (block $even (result i32)
                (br_table $even $odd $done (i32.add (local.get $s) (local.get $i))
                  (select (i32.const 2) (i32.and (local.get $i) (i32.const 1))
                    (i32.ge_u (local.get $i) (local.get $n)))))))))
        (br $l))
      (unreachable))
    (i32.add))
  ;; return from inside the loop (i64 and f64 locals)
  (func (export "ret") (param $n i32) (result i64) (local $a i64) (local $f f64)
    (loop $l
      (local.set $a (i64.add (i64.mul (local.get $a) (i64.const 31)) (i64.extend_i32_u (local.get $n))))
      (local.set $f (f64.add (local.get $f) (f64.const 0.5)))
      (if (i32.eqz (local.get $n)) (then (return (i64.add (local.get $a) (i64.trunc_f64_s (local.get $f))))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l))
    (i64.const -1))
  ;; a loop with params and results (values carried around the back edge), fallen out of
  (func (export "params") (param $n i32) (result i32 i32)
    (i32.const 0) (i32.const 1)
    (loop $l (param i32 i32) (result i32 i32)
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.add) (i32.const 7) (i32.ne (local.get $n) (i32.const 0))))
    (i32.const 5) (i32.mul))
  ;; a trap inside the loop, after stores to memory
  (func (export "trap") (param $n i32) (result i32) (local $i i32)
    (loop $l
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.ne (local.get $i) (local.get $n))))
    (i32.div_u (i32.load (i32.const 4)) (i32.sub (local.get $n) (i32.const 10))))
  ;; the loop inside an if's else arm, with code before it in the arm and after the if
  (func (export "inElse") (param $n i32) (result i32) (local $s i32)
    (if (i32.lt_s (local.get $n) (i32.const 0))
      (then (local.set $s (i32.const 99)))
      (else
        (local.set $s (i32.const 3))
        (loop $l
          (local.set $s (i32.add (local.get $s) (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (i32.gt_s (local.get $n) (i32.const 0))))))
    (i32.mul (local.get $s) (i32.const 2)))
  ;; the loop inside an if's then arm (with a param), inside a block left by br_if from the loop
  (func (export "inThen") (param $n i32) (result i32) (local $s i32)
    (block $b (result i32)
      (i32.const 5)
      (if (param i32) (result i32) (i32.gt_s (local.get $n) (i32.const 0))
        (then
          (local.set $s)
          (loop $l
            (local.set $s (i32.add (local.get $s) (local.get $n)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (drop (br_if $b (i32.const 77) (i32.eq (local.get $n) (i32.const 2))))
            (br_if $l (i32.gt_s (local.get $n) (i32.const 0))))
          (local.get $s))
        (else (i32.const 3) (i32.add))))
    (i32.add (local.get $s)))
  ;; nested loops: code before the inner loop in the outer one, which must run on the outer's next iterations
  (func (export "nested") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
    (loop $outer
      (local.set $j (i32.const 0))
      (local.set $s (i32.add (local.get $s) (i32.const 1000)))
      (loop $inner
        (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $j))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $j) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))`;

const CALLS = `(module
  (import "env" "log" (func $log (param i32)))
  (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  ;; calls in the loop: a host function, a wasm function, itself (recursion from inside the entered code)
  (func $f (export "calls") (param $n i32) (result i32) (local $s i32)
    (if (i32.le_s (local.get $n) (i32.const 1)) (then (return (local.get $n))))
    (loop $l
      (call $log (local.get $n))
      (local.set $s (i32.add (local.get $s) (call $sq (local.get $n))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 3))))
    (i32.add (local.get $s) (call $f (i32.sub (local.get $n) (i32.const 1))))))`;

const SUM = `(module (func (export "sum") (param $n i32) (result i32) (local $s i32)
  (loop $l
    (local.set $s (i32.add (local.get $s) (i32.mul (local.get $n) (local.get $n))))
    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
    (br_if $l (local.get $n)))
  (local.get $s)))`;

describe('OSR: a loop of an interpreted call enters compiled code', () => {
  it('once-called function with a hot loop: entered in tier auto at the default threshold', async () => {
    const bytes = await wat(SUM);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports as Exports;
    const { store, asked } = osrStore(undefined);
    const x = new Instance(new Module(bytes), {}, { store }).exports as Exports;
    expect(x.sum(100_000)).toBe(native.sum(100_000));
    expect(entered(store).get(0)).toBe(1);
    expect(asked).toHaveLength(1);
    // a short loop stays interpreted (fewer iterations than the threshold)
    const short = osrStore(undefined);
    const y = new Instance(new Module(bytes), {}, { store: short.store }).exports as Exports;
    expect(y.sum(500)).toBe(native.sum(500));
    expect(short.asked).toEqual([]);
  });

  it('exits: br/br_if/br_table to outer blocks with values, return, loop results, a trap; ifs and nested loops', async () => {
    const store = await compare(EXITS, [
      ['blockValue', 10], ['blockValue', 1], ['table', 9], ['table', 10], ['ret', 5], ['ret', 0],
      ['trap', 20], ['trap', 10], ['trap', 20_000], ['inElse', 6], ['inElse', -2], ['inThen', 6], ['inThen', 1], ['inThen', 0], ['nested', 7], ['nested', 1],
    ]);
    expect(entered(store).size).toBe(1);
    // several results (the loop's own and the function's): the first of them, as JS gets it
    const bytes = await wat(EXITS);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports as Record<string, (n: number) => number[]>;
    const { store: s2 } = osrStore(1);
    const x = new Instance(new Module(bytes), {}, { store: s2 }).exports as Record<string, (n: number) => number[]>;
    expect(x.params(6)).toEqual(native.params(6));
    expect([...entered(s2).values()]).toEqual([1]);
  });

  it('calls inside the entered loop: host, wasm, recursion', async () => {
    const imports = (log: number[]) => ({ env: { log: (v: number) => void log.push(v) } });
    const store = await compare(CALLS, [['calls', 12]], imports);
    expect(entered(store).get(2)).toBe(1);
  });

  it('a wasm exception thrown in a call from the entered loop reaches the caller\'s handler', async () => {
    const text = `(module
      (tag $t (param i32))
      (func $boom (param i32) (throw $t (local.get 0)))
      (func $loop (param $n i32) (result i32)
        (loop $l
          (if (i32.eq (local.get $n) (i32.const 3)) (then (call $boom (i32.const 42))))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $n)))
        (i32.const 7))
      (func (export "catch") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $t $h) (return (call $loop (local.get 0))))
          (unreachable))
        (i32.const 1000) (i32.add)))`;
    // (this Node has no try_table)
    const store = await compare(text, [['catch', 10], ['catch', 2]], undefined, false);
    expect(outcome((new Instance(new Module(await wat(text)), {}).exports as Exports).catch, 10)).toBe('1042');
    expect(entered(store).get(1)).toBe(1);
  });

  it('the value and frame stacks growing under the entered code: the interpreted caller goes on with them', async () => {
    // $deep's recursion (64 i64 locals a frame, 3,000 frames) grows both stacks from inside $work's entered loop
    const locals = Array.from({ length: 64 }, () => 'i64').join(' ');
    const text = `(module
      (func $deep (param $d i32) (result i32) (local ${locals})
        (local.set 5 (i64.extend_i32_u (local.get $d)))
        (if (result i32) (i32.eqz (local.get $d)) (then (i32.const 1))
          (else (i32.add (call $deep (i32.sub (local.get $d) (i32.const 1))) (i32.wrap_i64 (local.get 5))))))
      (func $work (param $n i32) (result i32) (local $s i32)
        (loop $l
          (local.set $s (i32.add (local.get $s) (call $deep (i32.const 3000))))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $n)))
        (local.get $s))
      (func (export "main") (param $n i32) (result i32) (local $a i32) (local $b i32)
        (local.set $a (i32.mul (local.get $n) (i32.const 17)))
        (local.set $b (call $work (local.get $n)))
        (i32.add (local.get $b) (local.get $a))))`;
    // (Node's stack overflows)
    const store = await compare(text, [['main', 3]], undefined, false);
    expect(entered(store).get(1)).toBe(1);
  });

  it('a loop that cannot be entered (its function uses what the tier does not cover) is asked for once', async () => {
    const bytes = await wat(`(module (tag $t)
      (func (export "f") (param $n i32) (result i32) (local $s i32)
        (loop $l
          (local.set $s (i32.add (local.get $s) (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $n)))
        (block $h (try_table (catch_all $h) (if (i32.eqz (local.get $s)) (then (throw $t)))))
        (local.get $s)))`);
    const { store, asked } = osrStore(1);
    const x = new Instance(new Module(bytes), {}, { store }).exports as Exports;
    expect([x.f(50), x.f(60)]).toEqual([1275, 1830]);
    expect(asked).toHaveLength(1);
    expect(entered(store).get(0)).toBe(0);
  });

  it('under callAsync a loop enters compiled code when its function can reach no host function', async () => {
    const bytes = await wat(SUM);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports as Exports;
    const { store, asked } = osrStore(1);
    const x = new Instance(new Module(bytes), {}, { store }).exports as Exports;
    expect(await callAsync(x.sum, 300)).toBe(native.sum(300));
    expect(asked).toHaveLength(1);
    expect(entered(store).get(0)).toBe(1);
  });

  it('under callAsync a loop whose function can reach a host function stays interpreted (compiled code cannot suspend), and is not asked for again', async () => {
    // the host call is on a path this run never takes: what counts is that a Promise could suspend the call
    const bytes = await wat(`(module (import "h" "log" (func $log (param i32)))
      (func (export "sum") (param $n i32) (result i32) (local $s i32)
        (loop $l
          (if (i32.lt_s (local.get $n) (i32.const 0)) (then (call $log (local.get $n))))
          (local.set $s (i32.add (local.get $s) (i32.mul (local.get $n) (local.get $n))))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $n)))
        (local.get $s)))`);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), { h: { log() {} } }).exports as Exports;
    const { store, asked } = osrStore(1);
    const x = new Instance(new Module(bytes), { h: { log() {} } }, { store }).exports as Exports;
    expect(await callAsync(x.sum, 300)).toBe(native.sum(300));
    expect(x.sum(200)).toBe(native.sum(200));
    expect(asked).toEqual([]);
    expect(entered(store).size).toBe(0);
  });

  it('tier interpreter, fuel-metered stores and stores without a generator do not count loops', () => {
    const plain = (o: object) => (new Store(o) as unknown as { jsLoops: number }).jsLoops;
    expect(plain({ tier: 'interpreter', compiler: jit })).toBe(0);
    expect(plain({ tier: 'auto' })).toBe(0);
    expect(plain({ tier: 'auto', compiler: jit, fuel: 1e9 })).toBe(0);
    expect(plain({ tier: 'js', compiler: jit })).toBe(0);
    expect(plain({ tier: 'auto', compiler: jit })).toBeGreaterThan(1);
  });
});

describe('generated code is cached by generator', () => {
  it('one Module in two stores whose generators differ in the form of f64: each store runs its own code', async () => {
    const bytes = await wat(`(module (func (export "f") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 2))))`);
    const module = new Module(bytes);
    const made: boolean[] = [];
    const spy = (bits: boolean): JsCompiler => ({
      ...jit,
      generate: (walk, options) => {
        made.push(bits);
        return jit.generate(walk, { ...options, f64Bits: bits });
      },
    });
    const numbers = new Instance(module, {}, { store: new Store({ tier: 'js', compiler: spy(false) }) }).exports as Exports;
    const bitsGenerator = spy(true);
    const bits = new Instance(module, {}, { store: new Store({ tier: 'js', compiler: bitsGenerator }) }).exports as Exports;
    expect([numbers.f(1.5), bits.f(1.5)]).toEqual([3, 3]);
    expect(made).toEqual([false, true]);
    // the same generator in a third store: its code is the module's already
    const again = new Instance(module, {}, { store: new Store({ tier: 'js', compiler: bitsGenerator }) }).exports as Exports;
    expect(again.f(2)).toBe(4);
    expect(made).toEqual([false, true]);
  });
});
