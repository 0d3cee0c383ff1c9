// Calls out to host (JS) functions: arguments are read from the value stack as JS values, results written
// back where the arguments were. Errors thrown by the host propagate unchanged.
import { units } from '../runtime/func.js';
import type { FuncInst } from '../runtime/func.js';
import { readJS, writeJS } from '../runtime/convert.js';
import { machine } from '../runtime/machine.js';
import { WasmException } from '../runtime/tag.js';

/**
 * Calls host function f with its arguments at fp. From wasm, `site` names the calling frame (function,
 * frame base, pc of the call; pc -1 for a tail call, whose frame is already gone): a wasm exception coming
 * out of the host (thrown by nested wasm, or rethrown by the host) is recorded as entering wasm there.
 */
export function callHost(f: FuncInst, fp: number, site: FuncInst | null = null, siteFp = 0, sitePc = -1): void {
  if (site === null) {
    hostCall(f, fp);
    return;
  }
  try {
    hostCall(f, fp);
  } catch (e) {
    if (e instanceof WasmException) {
      const m = machine;
      m.excFn = site;
      m.excFp = siteFp;
      m.excPc = sitePc;
    }
    throw e;
  }
}

function hostCall(f: FuncInst, fp: number): void {
  const params = f.type.params;
  const args = new Array<unknown>(params.length);
  let u = fp;
  for (let i = 0; i < params.length; i++) {
    args[i] = readJS(params[i], u);
    u += units(params[i]);
  }
  const r = f.host!(...args);
  const results = f.type.results;
  if (results.length === 0) return;
  if (results.length === 1) {
    writeJS(results[0], r, fp);
    return;
  }
  if (r === null || typeof r !== 'object' || !(Symbol.iterator in (r as object))) {
    throw new TypeError('a host function with several results must return an iterable');
  }
  const vals = Array.from(r as Iterable<unknown>);
  if (vals.length !== results.length) throw new TypeError(`expected ${results.length} results, got ${vals.length}`);
  u = fp;
  for (let i = 0; i < results.length; i++) {
    writeJS(results[i], vals[i], u);
    u += units(results[i]);
  }
}
