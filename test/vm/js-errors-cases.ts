// What becomes of a JS value a host function throws, once it is in wasm and once it leaves: the cases that
// js-errors.test.ts runs on purewasm (its `WebAssembly` namespace, purewasm/polyfill) and js-errors-record.ts
// on Node 26's V8, whose outcomes are in js-errors-recorded.json. Engine-independent: only the JS API.
//
// The JS API: a JS value thrown into wasm is an exception of WebAssembly.JSTag (payload: the value), which
// `catch_all` catches, and `catch` of an imported JSTag with the value; it leaves wasm as the value itself
// (also when wasm throws JSTag itself). Traps and JS stack overflows are not caught.

export const WAT = `(module
  (import "env" "jstag" (tag $js (param externref)))
  (import "env" "host" (func $host))
  (import "env" "i64" (func $i64 (result i64)))
  (import "env" "async" (func $async (result i32)))
  (tag $t (param i32))
  (export "t" (tag $t))
  (func $mid (call $host))
  (func (export "catchAll") (result i32)
    (block $h (try_table (catch_all $h) (call $host)) (return (i32.const 0)))
    (i32.const 1))
  (func (export "catchAllThroughCallee") (result i32)
    (block $h (try_table (catch_all $h) (call $mid)) (return (i32.const 0)))
    (i32.const 1))
  (func (export "catchJs") (result externref)
    (block $h (result externref) (try_table (catch $js $h) (call $host)) (return (ref.null extern))))
  (func (export "catchT") (result i32)
    (block $h (result i32) (try_table (catch $t $h) (call $host)) (return (i32.const -1))))
  (func (export "catchAllRefRethrow")
    (block $h (result exnref) (try_table (catch_all_ref $h) (call $host)) (return)) (throw_ref))
  (func (export "catchJsRefRethrowCatch") (result externref)
    (block $outer (result externref)
      (try_table (catch $js $outer)
        (block $h (result externref exnref) (try_table (catch_ref $js $h) (call $host)) (return (ref.null extern)))
        (throw_ref))
      (return (ref.null extern))))
  (func (export "catchJsRef") (result exnref)
    (block $h (result externref exnref) (try_table (catch_ref $js $h) (call $host)) (return (ref.null exn))) (return))
  (func (export "throwJs") (param externref) (local.get 0) (throw $js))
  (func (export "throwT") (param i32) (local.get 0) (throw $t))
  (func (export "trap") unreachable)
  (func (export "catchConversion") (result i32)
    (block $h (try_table (catch_all $h) (drop (call $i64))) (return (i32.const 0)))
    (i32.const 1))
  (func (export "catchAsync") (result i32)
    (block $h (try_table (catch_all $h) (return (call $async))))
    (i32.const -1))
)`;

/** Legacy exception handling (V8 refuses a module mixing it with try_table). */
export const LEGACY_WAT = `(module
  (import "env" "jstag" (tag $js (param externref)))
  (import "env" "host" (func $host))
  (func (export "legacyCatchAll") (result i32)
    try (result i32) call $host i32.const 0 catch_all i32.const 1 end)
  (func (export "legacyCatchJs") (result externref)
    try (result externref) call $host ref.null extern catch $js end)
)`;

/** The parts of the JS API the cases use. */
export interface WebAssemblyLike {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, any> };
  Tag: abstract new (...args: never[]) => object;
  Exception: new (tag: object, payload: unknown[]) => object;
  JSTag: object;
  Suspending: new (f: (...args: never[]) => unknown) => object;
  promising(f: (...args: never[]) => unknown): (...args: unknown[]) => Promise<unknown>;
}

/** What a call did, as a line that two engines can agree on. */
function outcome(f: () => unknown): string {
  try {
    return `returned ${describe(f())}`;
  } catch (e) {
    return `threw ${describe(e)}`;
  }
}

function describe(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Error) return `${v.name === 'Trap' ? 'RuntimeError' : v.name}`;
  if (typeof v === 'object') return (v as object).constructor?.name === 'Object' ? `{${Object.keys(v as object).join(',')}}` : 'an object';
  return typeof v;
}

/** Cases an engine may leave out (runCases' `leaveOut`), with the reason. */
export const ENGINE_DEPENDENT: Readonly<Record<string, string>> = {
  'catch_all of a JS stack overflow': 'a JS stack overflow inside QuickJS (a wasm build in Node) overflows its host first',
};

/** Runs every case but those in `leaveOut`; each outcome is a line naming what came back or was thrown
 *  (identity checked in the line). */
export async function runCases(W: WebAssemblyLike, bytes: Uint8Array, legacyBytes: Uint8Array, leaveOut: readonly string[] = []): Promise<Record<string, string>> {
  let host: () => unknown = () => undefined;
  let i64: () => unknown = () => 0n;
  let asyncImport: () => unknown = () => Promise.resolve(0);
  const imports = {
    env: { jstag: W.JSTag, host: () => host(), i64: () => i64(), async: new W.Suspending(() => asyncImport()) },
  };
  const x = new W.Instance(new W.Module(bytes), imports).exports;
  const legacy = new W.Instance(new W.Module(legacyBytes), imports).exports;
  const out: Record<string, string> = {};
  const error = new Error('boom');
  const thrown = (v: unknown) => () => {
    throw v;
  };
  const same = (f: () => unknown, v: unknown): string => {
    try {
      const r = f();
      return r === v ? 'returned the thrown value itself' : `returned ${describe(r)}`;
    } catch (e) {
      return e === v ? 'threw the thrown value itself' : `threw ${describe(e)}`;
    }
  };

  host = thrown(error);
  out['catch_all of a JS Error'] = outcome(() => x.catchAll());
  out['catch_all of a JS Error thrown below a callee'] = outcome(() => x.catchAllThroughCallee());
  out['catch $jstag of a JS Error: its payload'] = same(() => x.catchJs(), error);
  out['catch of another tag lets a JS Error through'] = same(() => x.catchT(), error);
  out['catch_all_ref + throw_ref: what reaches JS'] = same(() => x.catchAllRefRethrow(), error);
  out['catch_ref $jstag + throw_ref, caught again'] = same(() => x.catchJsRefRethrowCatch(), error);
  out['an exnref of a JS Error returned to JS'] = outcome(() => x.catchJsRef());
  out['legacy catch_all of a JS Error'] = outcome(() => legacy.legacyCatchAll());
  out['legacy catch $jstag of a JS Error: its payload'] = same(() => legacy.legacyCatchJs(), error);
  for (const [name, v] of [['42', 42], ['undefined', undefined], ['null', null], ['a string', 'str'], ['a plain object', { a: 1 }]] as const) {
    host = thrown(v);
    out[`catch $jstag of ${name}: its payload`] = same(() => x.catchJs(), v);
  }
  const payload = { p: 1 };
  out['wasm throw $jstag: what reaches JS'] = same(() => x.throwJs(payload), payload);
  out['new Exception(JSTag, [v])'] = outcome(() => new W.Exception(W.JSTag, [1]));
  out['JSTag is a Tag'] = String(W.JSTag instanceof W.Tag);
  const d = Object.getOwnPropertyDescriptor(W, 'JSTag');
  out['JSTag property'] = `enumerable ${d?.enumerable}, writable ${d?.writable}, configurable ${d?.configurable}`;
  out['a wasm exception is not of JSTag'] = outcome(() => {
    try {
      x.throwT(3);
    } catch (e) {
      return (e as { is(t: object): boolean }).is(W.JSTag);
    }
  });

  const caught = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
  };
  out['a wasm exception is a WebAssembly.Exception'] = String(caught(() => x.throwT(3)) instanceof W.Exception);
  out['a wasm exception is an Error'] = String(caught(() => x.throwT(3)) instanceof Error);
  host = () => x.trap();
  out['catch_all of a trap below a JS import'] = outcome(() => x.catchAll());
  host = () => {
    let t: unknown;
    try {
      x.trap();
    } catch (e) {
      t = e;
    }
    throw t;
  };
  out['catch_all of a trap caught and rethrown by JS'] = outcome(() => x.catchAll());
  host = () => {
    throw new (W as unknown as { RuntimeError: new (m: string) => Error }).RuntimeError('made by JS');
  };
  out['catch_all of a RuntimeError made by JS'] = outcome(() => x.catchAll());
  host = () => {
    const f = (): unknown => f();
    return f();
  };
  if (!leaveOut.includes('catch_all of a JS stack overflow')) out['catch_all of a JS stack overflow'] = outcome(() => x.catchAll());
  host = () => x.throwT(7);
  out['catch_all of a wasm exception below a JS import'] = outcome(() => x.catchAll());
  out['catch $t of a wasm exception below a JS import'] = outcome(() => x.catchT());
  host = () => {
    try {
      x.throwT(8);
    } catch (e) {
      throw e;
    }
  };
  out['catch $t of a wasm exception caught and rethrown by JS'] = outcome(() => x.catchT());
  // a JS frame between: the inner export's caller sees the value itself, and its throw enters wasm again
  let seen = 'nothing';
  host = () => {
    host = thrown(error);
    try {
      x.catchT(); // its handler does not match: the error leaves it
    } catch (e) {
      seen = e === error ? 'the thrown value itself' : describe(e);
      throw e;
    }
  };
  out['nested: catch $jstag after a JS frame rethrew'] = same(() => x.catchJs(), error);
  out['nested: what the JS frame between saw'] = seen;

  i64 = () => 'not a bigint';
  out['catch_all of a result conversion TypeError'] = outcome(() => x.catchAll !== undefined && x.catchConversion());

  asyncImport = () => Promise.reject(error);
  out['JSPI: catch_all of a rejected Suspending import'] = await W.promising(x.catchAsync)().then((r) => `returned ${describe(r)}`, (e) => `threw ${describe(e)}`);
  asyncImport = () => Promise.resolve(5);
  out['JSPI: a fulfilled Suspending import'] = await W.promising(x.catchAsync)().then((r) => `returned ${describe(r)}`, (e) => `threw ${describe(e)}`);
  return out;
}
