// Calls out of the interpreter: to host (JS) functions — arguments are read from the value stack as JS
// values, results written back where the arguments were; what the host throws enters wasm as the JS API
// has it (intoWasm) — and to wasm functions of another store, which run on their own store's stacks (values
// copied bit-exactly).
import { Trap, UNCATCHABLE } from '../errors.js';
import { units } from '../runtime/func.js';
import type { FuncInst } from '../runtime/func.js';
import { conversionError, readJS, writeJS } from '../runtime/convert.js';
import type { Machine } from '../runtime/machine.js';
import { WasmException, jsTag } from '../runtime/tag.js';
import { execute } from './interpreter.js';
import { Suspension, canSuspend, isThenable } from './suspend.js';
import { instructionLength } from '../translate/opcodes.js';

/**
 * Calls host function (or other store's function) f with its arguments at fp of store m. From wasm, `site`
 * names the calling frame (function, frame base, pc of the call; pc -1 for a tail call, whose frame is
 * already gone): a wasm exception coming out of the host (thrown by nested wasm, or rethrown by the host)
 * is recorded as entering wasm there.
 */
// (No default parameters here or in execute: they make V8 copy every parameter into a register.)
export function callHost(m: Machine, f: FuncInst, fp: number, site: FuncInst | null, siteFp: number, sitePc: number): void {
  if (f.host === null) {
    callForeign(m, f, fp, site, siteFp, sitePc);
    return;
  }
  // While the host function runs, this frame stays on the JS stack once per host ↔ wasm re-entrance
  // level: its Ignition frame is kept small by doing the conversions in helpers that return before the
  // call (every register here costs depth; issue #13).
  try {
    const args = hostArgs(m, f, fp);
    const hook = m.callHook;
    const r = hook === null ? f.host(...args) : hookedCall(hook, f, args);
    if (isThenable(r)) hostPromise(m, f, fp, r, site, siteFp, sitePc);
    else writeHostResults(m, f, fp, r);
  } catch (e) {
    if (site === null) throw e;
    const x = intoWasm(e, site);
    if (x instanceof WasmException) recordEntry(m, site, siteFp, sitePc);
    throw x;
  }
}

/**
 * What a value thrown by a host function (or by the conversion of its arguments or results) is once it
 * enters wasm at a call from `caller`. As in the JS API: an exception of JSTag whose payload is the value,
 * which `catch_all` catches (and `catch` of an imported JSTag, with the value), and which `outOfWasm` turns
 * back into the value when it leaves wasm. Left as they are: a wasm exception, and what no wasm handler
 * catches in V8 either — a trap, a JS stack overflow — or here: a suspension, purewasm's own errors
 * (`UNCATCHABLE`: a WASI exit, a replay divergence …), and every error of a component's core instance (a
 * component's host function fails as a trap, as in wasmtime: InstanceOptions.hostErrorsTrap).
 */
export function intoWasm(e: unknown, caller: FuncInst): unknown {
  if (e instanceof WasmException || e instanceof Suspension || caller.instance!.hostErrorsTrap) return e;
  if (typeof e === 'object' && e !== null) {
    // (a Trap made by JS as the JS API's RuntimeError is marked false: purewasm/polyfill)
    const mark = (e as { [UNCATCHABLE]?: boolean })[UNCATCHABLE];
    if (mark === true || (e instanceof Trap && mark !== false) || isStackOverflow(e)) return e;
  }
  return new WasmException(jsTag(), new Int32Array(2), [e, null]);
}

/** What an exception leaving wasm is to the JS code it reaches: one of JSTag is its payload again. */
export function outOfWasm(e: unknown): unknown {
  return e instanceof WasmException && e.tag === jsTag() ? e.refs[0] : e;
}

/** A JS stack overflow: V8's and Hermes' RangeError, QuickJS's InternalError. */
function isStackOverflow(e: object): boolean {
  const { name, message } = e as { name?: unknown; message?: unknown };
  return (e instanceof RangeError || name === 'InternalError') && typeof message === 'string' && /call stack|stack overflow/.test(message);
}

/** The host function's arguments at fp as JS values. */
export function hostArgs(m: Machine, f: FuncInst, fp: number): unknown[] {
  const params = f.type.params;
  const args = new Array<unknown>(params.length);
  let u = fp;
  for (let i = 0; i < params.length; i++) {
    args[i] = readJS(m, params[i], u);
    u += units(params[i]);
  }
  return args;
}

/** The host call with the store's call hook around it. */
function hookedCall(hook: (kind: 'calling-host' | 'returning-from-host') => void, f: FuncInst, args: unknown[]): unknown {
  hook('calling-host');
  try {
    return f.host!(...args);
  } finally {
    hook('returning-from-host');
  }
}

/** A host function returned a Promise: suspend (under callAsync, directly below it), or refuse, or (no
 *  results, outside callAsync) do not wait for it, as before; or, under JSPI's rules, take it as a value. */
export function hostPromise(m: Machine, f: FuncInst, fp: number, r: PromiseLike<unknown>, site: FuncInst | null, siteFp: number, sitePc: number): void {
  if (f.promiseIsValue) {
    writeHostResults(m, f, fp, r);
    return;
  }
  if (canSuspend(m) && site !== null && sitePc >= 0) {
    // suspend: unwind to callAsync, which resumes after the call once r settles (exec/suspend.ts), i.e.
    // past the call instruction (CALL 3 units, CALL_REF 4, CALL_INDIRECT 5)
    throw new Suspension(r, f, fp, site, siteFp, sitePc + instructionLength(site.code!, sitePc), m.depth);
  }
  if (m.asyncLevel >= 0 || f.type.results.length > 0) throw cannotSuspend(m, sitePc);
}

/** A wasm exception coming out of a host or foreign call enters this store's wasm at the call site. */
export function recordEntry(m: Machine, site: FuncInst, siteFp: number, sitePc: number): void {
  m.excFn = site;
  m.excFp = siteFp;
  m.excPc = sitePc;
}

/** Runs wasm function f of another store with the arguments at fp of m; its results come back at fp. */
function callForeign(m: Machine, f: FuncInst, fp: number, site: FuncInst | null, siteFp: number, sitePc: number): void {
  const t = f.store!;
  const base = t.sp;
  const room = Math.max(f.paramSizes, f.resultSizes) + 8;
  t.growStack(base + room);
  copyUnits(m, fp, t, base, f.paramSizes);
  try {
    execute(f, base, null, undefined);
    copyUnits(t, base, m, fp, f.resultSizes);
    t.sp = base;
    if (base === 0) t.trimStack(); // (after a successful call only: see api.ts call)
  } catch (e) {
    if (site !== null && e instanceof WasmException) recordEntry(m, site, siteFp, sitePc);
    throw e;
  } finally {
    t.sp = base;
  }
}

function copyUnits(from: Machine, at: number, to: Machine, dest: number, n: number): void {
  const I = from.I32, J = to.I32, R = from.refs, S = to.refs;
  for (let i = 0; i < n; i++) {
    J[dest + i] = I[at + i];
    S[dest + i] = R[at + i];
  }
}

/** (An embedder's error, not the guest's: no wasm handler may catch it, `UNCATCHABLE`.) */
function cannotSuspend(m: Machine, sitePc: number): Error {
  const e = m.asyncLevel < 0 ? new TypeError('a host function returned a Promise: call the export with callAsync so the guest can wait for it')
    : sitePc < 0 ? new Error('cannot suspend: an async host function was tail-called (return_call); call it with call instead')
    : new Error('cannot suspend: a JS frame lies between callAsync and this async host call (a host function that calls back into wasm, or a call into another store); the suspension would have to cross it');
  return Object.assign(e, { [UNCATCHABLE]: true });
}

/** A host function as errors name it (put together only for an error: results are written on every call). */
function hostName(f: FuncInst): string {
  return `host function ${f.importName ?? '(unnamed)'}`;
}

/** Writes a host function's JS result(s) where its arguments were. */
export function writeHostResults(m: Machine, f: FuncInst, fp: number, r: unknown): void {
  const results = f.type.results;
  const n = results.length;
  if (n === 0) return;
  // One result is r itself (no array made on this path); several come as an iterable of exactly n values.
  let vals: unknown[] | null = null;
  if (n > 1) {
    if (r === null || typeof r !== 'object' || !(Symbol.iterator in (r as object))) {
      throw new TypeError(`${hostName(f)} has ${n} results: it must return an iterable of them, got ${r === null ? 'null' : typeof r}`);
    }
    vals = Array.from(r as Iterable<unknown>);
    if (vals.length !== n) throw new TypeError(`${hostName(f)} has ${n} results, but returned ${vals.length}`);
  }
  let u = fp;
  for (let i = 0; i < n; i++) {
    try {
      writeJS(m, results[i], vals === null ? r : vals[i], u, f.owner);
    } catch (e) {
      throw conversionError(`${hostName(f)}, result${vals === null ? '' : ` ${i}`}`, e);
    }
    u += units(results[i]);
  }
}
