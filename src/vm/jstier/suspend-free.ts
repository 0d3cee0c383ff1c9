// Which functions may run compiled where a call must be able to suspend: under callAsync and on a fiber (a
// component task's thread), a host function's Promise suspends the call, and only the interpreter's frames —
// on the store's own stacks — can be left and resumed; a compiled function is a JS frame. So there the tier
// used to decline every function, and a WASI component's hot loops ran interpreted.
//
// A function that can reach no host function cannot suspend, whatever runs it: it may run compiled. Reach is
// over direct calls (`call`, `return_call`) through functions of any instance of the store (an import that is
// a wasm function of the same store is followed into its instance); a host function (but one whose Promise is
// a value, `FuncInst.promiseIsValue`), another store's function, or an indirect call (`call_indirect`,
// `call_ref` and their tail forms: any function of the right type could be the callee) ends it: such a
// function may suspend and stays interpreted there. Hot leaf code — kernels, codecs, hashing, parsing that
// never prints — is what this frees; code that calls the host, even on a rare path (an error message), stays
// interpreted under callAsync, as before.
//
// Fuel that suspends when it runs out (`outOfFuel: 'suspend'`) is checked in compiled code too, which could
// not suspend either: such a store keeps declining (runtime.ts).
import type { FuncInst } from '../runtime/func.js';
import type { ValidatedModule } from '../../validate/index.js';
import type { BodySink } from '../../validate/sink.js';

type Walk = (vm: ValidatedModule, definedIndex: number, sink: BodySink) => void;

/** Per store (rt): the verdicts so far, and each module's direct callees by defined function (null: an
 *  indirect call). */
export interface SuspendFreeCache {
  readonly verdicts: Map<FuncInst, boolean>;
  readonly callees: Map<ValidatedModule, (Int32Array | null | undefined)[]>;
}

export function newSuspendFreeCache(): SuspendFreeCache {
  return { verdicts: new Map(), callees: new Map() };
}

/** Whether `fn` (a wasm function of its store) can reach no host function, through direct calls alone. */
export function suspendFree(fn: FuncInst, cache: SuspendFreeCache, walk: Walk): boolean {
  const known = cache.verdicts.get(fn);
  if (known !== undefined) return known;
  // Everything fn reaches, until the first function that may suspend: then fn may (and that one may, the
  // functions met before it are undecided). If none may, neither may any of them: each reaches a subset.
  const store = fn.store;
  const reached = new Set<FuncInst>([fn]);
  const todo = [fn];
  while (todo.length > 0) {
    const f = todo.pop()!;
    const verdict = cache.verdicts.get(f);
    // (a host function whose Promise is a value — the polyfill's imports not given as `Suspending` — never
    // suspends; what it calls back runs in an execution of its own, where nothing can)
    if (verdict === true || f.promiseIsValue) continue;
    const calls = verdict === false || f.host !== null || f.store !== store ? null : calleesOf(f, cache, walk);
    if (calls === null) {
      cache.verdicts.set(f, false);
      cache.verdicts.set(fn, false);
      return false;
    }
    const funcs = f.instance!.funcs;
    for (let i = 0; i < calls.length; i++) {
      const g = funcs[calls[i]];
      if (!reached.has(g)) {
        reached.add(g);
        todo.push(g);
      }
    }
  }
  for (const f of reached) cache.verdicts.set(f, true);
  return true;
}

/** The function indices f calls directly, or null when it makes an indirect call. */
function calleesOf(f: FuncInst, cache: SuspendFreeCache, walk: Walk): Int32Array | null {
  const inst = f.instance!;
  const defined = f.index - inst.module.importedFuncs;
  let byModule = cache.callees.get(inst.vm);
  if (byModule === undefined) cache.callees.set(inst.vm, (byModule = []));
  let calls = byModule[defined];
  if (calls === undefined) {
    const found: number[] = [];
    let indirect = false;
    walk(inst.vm, defined, {
      begin() {},
      finish() {},
      instr(op, ctx) {
        if (op === 0x10 || op === 0x12) found.push(ctx.imm.index); // call, return_call
        else if (op === 0x11 || op === 0x13 || op === 0x14 || op === 0x15) indirect = true; // call_indirect, call_ref, tail forms
      },
    });
    byModule[defined] = calls = indirect ? null : Int32Array.from(found);
  }
  return calls;
}
