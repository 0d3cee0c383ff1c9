// Canonical definitions (CanonicalABI.md "Canonical definitions"): option validation and the core
// function type each `canon` form produces or requires (lift/lower via flattening).
import { ResourceType } from '../value-types.js';
import { F32, F64, I32, I64 } from '../../decoder/module.js';
import type { MemoryType, ValType } from '../../decoder/module.js';
import type { CoreFuncType, FuncType, ValueType } from '../types.js';
import { isFuncType } from '../types.js';
import type { Canon, CanonOpt } from '../../decoder/component/ast.js';
import { builtinInfo } from '../../decoder/component/canon-section.js';
import { resourceReps } from './externs.js';
import { gcAbiOf } from './gc-pack.js';
import { MAX_FLAT_PARAMS, flat, needsMemory } from './flatten.js';
import { coreFuncEq } from './subtype.js';
import { STREAM_CHAR, resolveResource, resolveValType } from './value-types.js';
import type { Scope } from './state.js';

const MAX_FLAT_RESULTS = 1;
const ASYNC_NEEDS_ASYNC_TYPE = 'the `async` canonical option requires an async function type';
const MAX_FLAT_ASYNC_PARAMS = 4;

const cf = (params: ValType[], results: ValType[]): CoreFuncType => ({ kind: 'func', params, results });

function showCore(ts: readonly ValType[]): string {
  const n: Record<number, string> = { [I32]: 'I32', [I64]: 'I64', [F32]: 'F32', [F64]: 'F64' };
  return `[${ts.map((t) => n[t] ?? String(t)).join(', ')}]`;
}


interface Opts {
  memory: number | undefined;
  realloc: number | undefined;
  postReturn: number | undefined;
  callback: number | undefined;
  async: boolean;
  gc: boolean;
  /** @internal The `core-type` option: the core function type of a GC-ABI lift/lower. */
  coreType: number | undefined;
  /** Pointer type of the `memory` option: i64 for a 64-bit memory. */
  ptr: ValType;
  encoding: string | undefined;
}

function readOpts(opts: readonly CanonOpt[], scope: Scope, offset: number): Opts {
  const o: Opts = { memory: undefined, realloc: undefined, postReturn: undefined, callback: undefined, async: false, gc: false, coreType: undefined, ptr: I32, encoding: undefined };
  const once = (what: string, present: boolean): void => {
    if (present) scope.fail(`canonical option \`${what}\` is specified more than once`, offset);
  };
  for (const opt of opts) {
    switch (opt.kind) {
      case 'string-encoding': {
        const name = opt.encoding === 'latin1+utf16' ? 'latin1-utf16' : opt.encoding;
        if (o.encoding !== undefined) scope.fail(`canonical encoding option \`${o.encoding}\` conflicts with option \`${name}\``, offset);
        o.encoding = name;
        break;
      }
      case 'memory': {
        once('memory', o.memory !== undefined);
        const m = abiMemory(opt.index, scope, offset);
        if (m.limits.shared) scope.fail('mismatch in the shared flag for memories: canonical options need an unshared memory', offset);
        o.ptr = m.limits.index64 ? I64 : I32;
        o.memory = opt.index;
        break;
      }
      case 'realloc':
      case 'post-return':
      case 'callback': {
        // The option's core function; its signature is checked once all options are known.
        const key = opt.kind === 'post-return' ? 'postReturn' : opt.kind;
        once(opt.kind, o[key] !== undefined);
        scope.coreFunc(opt.index, offset);
        o[key] = opt.index;
        break;
      }
      case 'async':
        once('async', o.async);
        o.async = true;
        break;
      case 'gc':
        o.gc = true;
        break;
      case 'core-type':
        once('core-type', o.coreType !== undefined);
        o.coreType = opt.index;
        break;
      case 'always-task-return':
        break;
    }
  }
  if (o.callback !== undefined) {
    // A callback only drives an async export's event loop; its signature matters once that is settled.
    if (!o.async) scope.fail('cannot specify callback without async', offset);
    checkSignature(scope, o.callback, cf([I32, I32, I32], [I32]), 'callback', offset);
  }
  if (o.realloc !== undefined) {
    if (o.memory === undefined) scope.fail('canonical option `realloc` requires `memory` to also be specified', offset);
    const p = o.ptr;
    checkSignature(scope, o.realloc, cf([p, p, p, p], [p]), 'realloc', offset);
  }
  return o;
}

/** The core function at `index` must have type `want` (the option `what` names it). */
function checkSignature(scope: Scope, index: number, want: CoreFuncType, what: string, offset: number): void {
  if (!coreFuncEq(scope.coreFunc(index, offset), want)) scope.fail(`canonical option \`${what}\` uses a core function with an incorrect signature`, offset);
}

/** The core type at `index`, which must be a function type. */
function coreFuncType(scope: Scope, index: number, offset: number): CoreFuncType {
  const t = scope.coreType(index, offset);
  if (t.kind !== 'func') scope.fail(`core type index ${index} is not a function type`, offset);
  return t;
}

/** A memory the canonical ABI reads and writes: a 64-bit one needs the cm64 feature. */
function abiMemory(index: number, scope: Scope, offset: number): MemoryType {
  const m = scope.coreMemory(index, offset);
  if (m.limits.index64 && !scope.options.cm64) scope.fail('64-bit memories require the `cm64` feature to be enabled', offset);
  return m;
}

/** Builtins that only exist with a feature switched on fail with wasm-tools' wording otherwise. */
function checkFeature(c: Canon, scope: Scope, offset: number): void {
  const o = scope.options;
  if (!o.moreAsyncBuiltins) {
    const more = 'requires the component model more async builtins feature';
    if (c.kind === 'resource.drop-async') scope.fail(`\`resource.drop\` as \`async\` ${more}`, offset);
    // (subtask.cancel and the stream and future cancels)
    if (c.flag && c.kind.includes('cancel')) scope.fail(`async \`${c.kind}\` ${more}`, offset);
  }
  const feature = builtinInfo(c.kind).feature;
  if (!o.threading && feature === 'T') scope.fail(`\`${c.kind}\` requires the component model threading feature`, offset);
  if (!o.sharedEverythingThreads && feature === 'S') scope.fail(`\`${c.kind}\` requires the shared-everything-threads proposal`, offset);
}

function requireMemory(o: Opts, scope: Scope, offset: number): void {
  if (o.memory === undefined) scope.fail('canonical option `memory` is required', offset);
}
function requireRealloc(o: Opts, scope: Scope, offset: number): void {
  requireMemory(o, scope, offset);
  if (o.realloc === undefined) scope.fail('canonical option `realloc` is required', offset);
}
function forbid(o: Opts, scope: Scope, offset: number, what: string, which: ('realloc' | 'post-return' | 'callback' | 'async' | 'encoding' | 'memory')[]): void {
  for (const w of which) {
    const v = o[w === 'post-return' ? 'postReturn' : w];
    if (v !== undefined && v !== false) scope.fail(`cannot specify \`${w}\` option on ${what}`, offset);
  }
}

/** The pointer type of the options, and `ft`'s flattened parameters and result. */
function flatOf(ft: FuncType, o: Opts): [ValType, ValType[], ValType[]] {
  const P = o.ptr;
  return [P, flat(ft.params.map((p) => p.type), P), ft.result === undefined ? [] : flat([ft.result], P)];
}

/** Core signature of `canon lift` for `ft` (what the core function must have). */
function liftSignature(ft: FuncType, o: Opts, scope: Scope, offset: number): CoreFuncType {
  const [P, ps, rs] = flatOf(ft, o);
  const paramsInMemory = ps.length > MAX_FLAT_PARAMS;
  if (paramsInMemory || ft.params.some((p) => needsMemory(p.type))) requireRealloc(o, scope, offset);
  if (o.async) {
    // The result goes through `task.return`, whose parameters spill to memory past MAX_FLAT_PARAMS.
    if (ft.result !== undefined && (needsMemory(ft.result) || rs.length > MAX_FLAT_PARAMS)) requireMemory(o, scope, offset);
    return cf(paramsInMemory ? [P] : ps, o.callback !== undefined ? [I32] : []);
  }
  const resultsInMemory = rs.length > MAX_FLAT_RESULTS;
  if (resultsInMemory || (ft.result !== undefined && needsMemory(ft.result))) requireMemory(o, scope, offset);
  return cf(paramsInMemory ? [P] : ps, resultsInMemory ? [P] : rs);
}

/** Core signature a `canon lower` of `ft` produces. */
function lowerSignature(ft: FuncType, o: Opts, scope: Scope, offset: number): CoreFuncType {
  const [P, ps, rs] = flatOf(ft, o);
  if (ft.params.some((p) => needsMemory(p.type))) requireMemory(o, scope, offset);
  if (ft.result !== undefined && needsMemory(ft.result)) requireRealloc(o, scope, offset);
  if (o.async) {
    const inMem = ps.length > MAX_FLAT_ASYNC_PARAMS;
    if (inMem) requireMemory(o, scope, offset);
    const params = inMem ? [P] : ps;
    if (ft.result !== undefined) {
      requireMemory(o, scope, offset);
      params.push(P);
    }
    return cf(params, [I32]);
  }
  const paramsInMemory = ps.length > MAX_FLAT_PARAMS;
  if (paramsInMemory) requireMemory(o, scope, offset);
  const params = paramsInMemory ? [P] : ps;
  if (rs.length > MAX_FLAT_RESULTS) {
    requireMemory(o, scope, offset);
    return cf([...params, P], []);
  }
  return cf(params, rs);
}

function streamOrFuture(c: Canon, scope: Scope, offset: number): ValueType {
  const want = c.kind.startsWith('stream') ? 'stream' : 'future';
  const t = scope.type(c.type!, offset);
  if (t instanceof ResourceType || t.kind !== want) scope.fail(`\`${c.kind}\` requires a ${want} type`, offset);
  const e = (t as { element: ValueType | undefined }).element;
  if (want === 'stream' && e !== undefined && e.kind === 'char') {
    scope.fail(STREAM_CHAR, offset);
  }
  return t as ValueType;
}

/** Validate one `canon` definition; the new item goes into the function or core function space. */
export function validateCanon(c: Canon, scope: Scope, offset: number): void {
  if (scope.kind !== 'component') scope.fail('canonical functions are only allowed in components', offset);
  const push = (t: CoreFuncType): void => {
    scope.coreFuncs.push(t);
  };
  checkFeature(c, scope, offset);
  switch (c.kind) {
    case 'lift': {
      const core = scope.coreFunc(c.func!, offset);
      const t = scope.type(c.type!, offset);
      if (!isFuncType(t)) scope.fail(`type index ${c.type} is not a function type`, offset);
      const o = readOpts(c.opts, scope, offset);
      if (o.postReturn !== undefined && o.async) scope.fail('cannot specify post-return function in async', offset);
      if (o.async && !t.async) scope.fail(ASYNC_NEEDS_ASYNC_TYPE, offset);
      if (o.gc) {
        const gcSignatureMismatch = gcAbiOf(scope.options.gc, c.kind, offset);
        // The lifted core function's reference types index its module's type space, so only a
        // `core-type` option (component core type space) can be checked here.
        if (o.coreType !== undefined) {
          const ct = coreFuncType(scope, o.coreType, offset);
          const err = gcSignatureMismatch(t, ct, scope.coreTypes, o.encoding === 'utf16');
          if (err !== undefined) scope.fail(err, offset);
        }
        scope.funcs.push(t);
        return;
      }
      const want = liftSignature(t, o, scope, offset);
      for (const what of ['parameter', 'result'] as const) {
        const [w, have] = what === 'parameter' ? [want.params, core.params] : [want.results, core.results];
        if (w.length !== have.length || !w.every((p, i) => p === have[i])) {
          scope.fail(`lowered ${what} types \`${showCore(w)}\` do not match ${what} types \`${showCore(have)}\` of core function ${c.func}`, offset);
        }
      }
      if (o.postReturn !== undefined) checkSignature(scope, o.postReturn, cf([...core.results], []), 'post-return', offset);
      scope.funcs.push(t);
      return;
    }
    case 'lower': {
      const ft = scope.func(c.func!, offset);
      const o = readOpts(c.opts, scope, offset);
      if (o.postReturn !== undefined) scope.fail('canonical option `post-return` cannot be specified for lowerings', offset);
      if (o.callback !== undefined) scope.fail('canonical option `callback` cannot be specified for lowerings', offset);
      if (o.async && !ft.async) scope.fail(ASYNC_NEEDS_ASYNC_TYPE, offset);
      if (o.gc) {
        const gcSignatureMismatch = gcAbiOf(scope.options.gc, c.kind, offset);
        // GC-flavoured ABI: the core signature is the `core-type` option, checked against the function.
        if (o.coreType === undefined) scope.fail('canonical option `core-type` is required with `gc`', offset);
        const ct = coreFuncType(scope, o.coreType, offset);
        const err = gcSignatureMismatch(ft, ct, scope.coreTypes, o.encoding === 'utf16');
        if (err !== undefined) scope.fail(err, offset);
        push(ct);
        return;
      }
      push(lowerSignature(ft, o, scope, offset));
      return;
    }
    case 'resource.new':
    case 'resource.rep': {
      const r = resolveResource(c.type!, scope, offset);
      if (!scope.localResources.has(r.canonical)) scope.fail(`type index ${c.type} is not a local resource`, offset);
      const rep = resourceReps.get(r.canonical) ?? I32;
      push(c.kind === 'resource.new' ? cf([rep], [I32]) : cf([I32], [rep]));
      return;
    }
    case 'resource.drop':
    case 'resource.drop-async':
      resolveResource(c.type!, scope, offset);
      push(cf([I32], []));
      return;
    case 'task.return': {
      const o = readOpts(c.opts, scope, offset);
      forbid(o, scope, offset, '`task.return`', ['realloc', 'post-return', 'callback', 'async']);
      const rt = c.result === undefined ? undefined : resolveValType(c.result, scope, offset);
      const ps = rt === undefined ? [] : flat([rt], o.ptr);
      if (ps.length > MAX_FLAT_PARAMS || (rt !== undefined && needsMemory(rt))) requireMemory(o, scope, offset);
      push(cf(ps.length > MAX_FLAT_PARAMS ? [o.ptr] : ps, []));
      return;
    }
    case 'context.get':
    case 'context.set': {
      if (c.valType !== I32 && c.valType !== I64) scope.fail(`\`${c.kind}\` only supports \`i32\` or \`i64\``, offset);
      if (c.valType === I64 && !scope.options.cm64) scope.fail(`64-bit \`${c.kind}\` requires the component model 64-bit feature`, offset);
      // Slot 1 belongs to cooperative threads (cm-threading).
      if (!scope.options.threading && c.slot! > 0) scope.fail(`immediate must be zero: ${c.slot}`, offset);
      if (c.slot! > 1) scope.fail(`immediate must be zero or one: ${c.slot}`, offset);
      const v = c.valType;
      // Every context slot of a component has the same type: the first use decides it.
      const prev = scope.contextSlots.get(0);
      if (prev !== undefined && prev !== v) scope.fail('type must match previous context type', offset);
      scope.contextSlots.set(0, v);
      push(c.kind === 'context.get' ? cf([], [v]) : cf([v], []));
      return;
    }
    case 'stream.new':
    case 'future.new':
      streamOrFuture(c, scope, offset);
      push(cf([], [I64]));
      return;
    case 'stream.read':
    case 'stream.write':
    case 'future.read':
    case 'future.write': {
      const t = streamOrFuture(c, scope, offset) as { element: ValueType | undefined };
      const o = readOpts(c.opts, scope, offset);
      forbid(o, scope, offset, `\`${c.kind}\``, ['post-return', 'callback']);
      if (t.element !== undefined) {
        requireMemory(o, scope, offset);
        if (c.kind.endsWith('read') && needsMemory(t.element)) requireRealloc(o, scope, offset);
      }
      push(c.kind.startsWith('stream') ? cf([I32, I32, I32], [I32]) : cf([I32, I32], [I32]));
      return;
    }
    case 'stream.cancel-read':
    case 'stream.cancel-write':
    case 'future.cancel-read':
    case 'future.cancel-write':
      streamOrFuture(c, scope, offset);
      push(cf([I32], [I32]));
      return;
    case 'stream.drop-readable':
    case 'stream.drop-writable':
    case 'future.drop-readable':
    case 'future.drop-writable':
      streamOrFuture(c, scope, offset);
      push(cf([I32], []));
      return;
    case 'error-context.new':
    case 'error-context.debug-message': {
      const o = readOpts(c.opts, scope, offset);
      forbid(o, scope, offset, `\`${c.kind}\``, ['post-return', 'callback', 'async']);
      requireMemory(o, scope, offset);
      if (c.kind === 'error-context.debug-message') requireRealloc(o, scope, offset);
      push(c.kind === 'error-context.new' ? cf([I32, I32], [I32]) : cf([I32, I32], []));
      return;
    }
    case 'waitable-set.wait':
    case 'waitable-set.poll': {
      const m = abiMemory(c.memory!, scope, offset);
      push(cf([I32, m.limits.index64 ? I64 : I32], [I32]));
      return;
    }
    case 'thread.new-indirect':
    case 'thread.spawn-indirect': {
      const t = coreFuncType(scope, c.type!, offset);
      if (t.params.length !== 1 || t.params[0] !== I32 || t.results.length !== 0) scope.fail('start function must take a single `i32` argument', offset);
      scope.coreTable(c.table!, offset);
      push(cf([I32, I32], [I32]));
      return;
    }
    case 'thread.spawn-ref':
      coreFuncType(scope, c.type!, offset);
      push(cf([I32, I32], [I32]));
      return;
    default:
      push(sig(builtinInfo(c.kind).signature!));
  }
}

/** A core function type written `params:results`, one letter per type: `i` i32, `I` i64. */
function sig(s: string): CoreFuncType {
  const [ps, rs] = s.split(':').map((part) => [...part].map((c) => (c === 'i' ? I32 : I64)));
  return cf(ps, rs);
}
