// JSPI as glue meets it: what `WebAssembly.Suspending` and `WebAssembly.promising` do, and what becomes of a
// Promise an import returns without them. The cases that jspi.test.ts runs on purewasm/polyfill (and
// test/engines in every engine) and jspi-record.ts on Node 26's V8 (outcomes in jspi-recorded.json).
// Engine-independent: only the JS API, no timers.
//
// JSPI: only an import given as `new Suspending(f)` suspends, and only under a call of `promising(export)` with
// no JS frame between; any other import's Promise is a value like any other (an externref, or 0 as an i32).

export const WAT = `(module
  (import "env" "susp" (func $susp (param i32) (result i32)))
  (import "env" "suspRef" (func $suspRef (result externref)))
  (import "env" "suspNone" (func $suspNone))
  (import "env" "plainI32" (func $plainI32 (result i32)))
  (import "env" "plainRef" (func $plainRef (result externref)))
  (import "env" "reenter" (func $reenter (result i32)))
  (global $g (mut i32) (i32.const 0))
  (func (export "callSusp") (param i32) (result i32) (call $susp (local.get 0)))
  (func (export "twice") (param i32) (result i32) (i32.add (call $susp (local.get 0)) (call $susp (i32.const 100))))
  (func (export "suspRef") (result externref) (call $suspRef))
  (func (export "suspNone") (call $suspNone))
  (func (export "plainI32") (result i32) (call $plainI32))
  (func (export "plainRef") (result externref) (call $plainRef))
  (func (export "reenter") (result i32) (call $reenter))
  (func (export "catchSusp") (result i32)
    (block $h (try_table (catch_all $h) (return (call $susp (i32.const 1))))) (i32.const -1))
  (func (export "trap") (result i32) unreachable)
  (func (export "multi") (param i32 i64) (result i32 i64) (local.get 0) (local.get 1))
  (func (export "addAfterSusp") (result i32)
    (global.set $g (i32.add (global.get $g) (call $susp (i32.const 1)))) (global.get $g))
  (func (export "getG") (result i32) (global.get $g))
)`;

/** The parts of the JS API the cases use. */
export interface WebAssemblyLike {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, any> };
  Suspending: new (f: (...args: never[]) => unknown) => object;
  promising(f: (...args: never[]) => unknown): (...args: unknown[]) => Promise<unknown>;
  SuspendError?: abstract new (...args: never[]) => object;
}

function describe(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (v instanceof Error) return `${v.name === 'Trap' ? 'RuntimeError' : v.name}`;
  if (v instanceof Promise) return 'a Promise';
  if (typeof v === 'object') return (v as object).constructor?.name === 'Object' ? `{${Object.keys(v as object).join(',')}}` : 'an object';
  return typeof v;
}

/** What a call did, synchronously (returned, threw) and, when it gave a Promise, once that settled. */
async function outcome(f: () => unknown, expected?: unknown): Promise<string> {
  const said = (v: unknown): string => (expected !== undefined && v === expected ? 'the value itself' : describe(v));
  let r: unknown;
  try {
    r = f();
  } catch (e) {
    return `threw ${said(e)}`;
  }
  if (!(r instanceof Promise)) return `returned ${said(r)}`;
  return r.then((v) => `fulfilled with ${said(v)}`, (e) => `rejected with ${said(e)}`);
}

/** Some rounds of the job queue (not a timer: the engines of test/engines run these cases too, and not all
 *  of them have timers). */
async function tick(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Runs every case; each outcome is a line naming what came back or was thrown (identity checked in the line). */
export async function runCases(W: WebAssemblyLike, bytes: Uint8Array): Promise<Record<string, string>> {
  let susp: (x: number) => unknown = (x) => Promise.resolve(x * 2);
  let suspRef: () => unknown = () => Promise.resolve(null);
  let plain: () => unknown = () => 0;
  let reenter: () => unknown = () => 0;
  let suspNoneRan = 0;
  const imports = {
    env: {
      susp: new W.Suspending((x: number) => susp(x)),
      suspRef: new W.Suspending(() => suspRef()),
      suspNone: new W.Suspending(() => { suspNoneRan++; return tick(); }),
      plainI32: () => plain(),
      plainRef: () => plain(),
      reenter: () => reenter(),
    },
  };
  const x = new W.Instance(new W.Module(bytes), imports).exports;
  const out: Record<string, string> = {};
  const error = new Error('boom');

  // Suspending under promising
  out['a fulfilled Suspending import'] = await outcome(() => W.promising(x.callSusp)(5));
  out['two suspensions in one call'] = await outcome(() => W.promising(x.twice)(5));
  susp = (v) => v + 1;
  out['a Suspending import returning a number'] = await outcome(() => W.promising(x.callSusp)(5));
  const object = { o: 1 };
  suspRef = () => Promise.resolve(object);
  out['a Suspending import fulfilled with an object'] = await outcome(() => W.promising(x.suspRef)(), object);
  suspNoneRan = 0;
  out['a Suspending import with no results'] = await outcome(() => W.promising(x.suspNone)());
  out['... which ran'] = String(suspNoneRan);
  susp = () => Promise.reject(error);
  out['a rejected Suspending import, uncaught'] = await outcome(() => W.promising(x.callSusp)(1), error);
  out['a rejected Suspending import, catch_all'] = await outcome(() => W.promising(x.catchSusp)());
  susp = () => {
    throw error;
  };
  out['a Suspending import that throws'] = await outcome(() => W.promising(x.callSusp)(1), error);
  susp = () => Promise.resolve(10n);
  out['a Suspending import fulfilled with a bigint for an i32'] = await outcome(() => W.promising(x.callSusp)(1));
  susp = () => ({ then: (resolve: (v: number) => void) => resolve(9) });
  out['a Suspending import returning a thenable'] = await outcome(() => W.promising(x.callSusp)(1));

  // Suspending outside promising
  susp = (v) => Promise.resolve(v);
  out['a Suspending import returning a Promise, called directly'] = await outcome(() => x.callSusp(1));
  out['... is a SuspendError'] = await outcome(() => {
    try {
      x.callSusp(1);
      return 'no error';
    } catch (e) {
      return W.SuspendError !== undefined && e instanceof W.SuspendError;
    }
  });
  let called = 0;
  susp = (v) => {
    called++;
    return v + 1;
  };
  out['a Suspending import returning a number, called directly'] = await outcome(() => x.callSusp(1));
  out['... was it called'] = String(called);
  susp = (v) => Promise.resolve(v);
  out['catch_all of a SuspendError'] = await outcome(() => x.catchSusp());

  // A Promise from an import without Suspending is a value
  const p = Promise.resolve(1);
  plain = () => p;
  out['a plain import returns a Promise as externref: itself'] = await outcome(() => x.plainRef() === p);
  out['... under promising: fulfilled with it, not with its value'] = await outcome(() => W.promising(x.plainRef)(), p);
  out['a plain import returns a Promise as i32'] = await outcome(() => x.plainI32());
  out['... under promising (i32)'] = await outcome(() => W.promising(x.plainI32)());
  plain = () => ({ then: (resolve: (v: number) => void) => resolve(9) });
  out['a plain import returns a thenable as i32'] = await outcome(() => x.plainI32());

  // A JS frame between promising and the suspension
  susp = (v) => Promise.resolve(v);
  let seen = '';
  reenter = () => {
    try {
      return x.callSusp(1);
    } catch (e) {
      seen = describe(e);
      throw e;
    }
  };
  out['suspending below a JS frame'] = await outcome(() => W.promising(x.reenter)());
  out['... what the JS frame saw'] = seen;
  reenter = () => W.promising(x.callSusp)(4);
  out['a JS frame starting its own promising call'] = await outcome(() => W.promising(x.reenter)());

  // Other outcomes of promising
  out['promising of a trap'] = await outcome(() => W.promising(x.trap)());
  out['promising with several results'] = await outcome(() => W.promising(x.multi)(1, 2n));
  out['promising with an argument that does not convert'] = await outcome(() => W.promising(x.multi)(1, 2));
  out['promising of a number'] = await outcome(() => W.promising(42 as never));
  out['promising of a JS function'] = await outcome(() => W.promising((() => 1) as never));
  out['new Suspending of a number'] = await outcome(() => new W.Suspending(42 as never));
  out['Suspending without new'] = await outcome(() => (W.Suspending as unknown as (f: unknown) => unknown)(() => 1));
  out['a SuspendError is an Error'] = await outcome(() => W.SuspendError !== undefined && new (W.SuspendError as unknown as new (m: string) => object)('x') instanceof Error);

  // Calls while another is suspended
  let release: (v: number) => void = () => {};
  susp = () => new Promise<number>((resolve) => { release = resolve; });
  const first = W.promising(x.addAfterSusp)();
  await tick();
  out['a direct call while a promising call is suspended'] = await outcome(() => x.getG());
  susp = (v) => Promise.resolve(v * 3);
  const second = W.promising(x.callSusp)(2);
  const early = await Promise.race([second.then((v) => `fulfilled with ${describe(v)}`), tick().then(tick).then(() => 'still pending')]);
  out['a second promising call while one is suspended'] = early;
  release(5);
  out['... the first, released'] = await outcome(() => first);
  out['... the second'] = await outcome(() => second);
  return out;
}
