// Entry points of the body walk: function bodies (validateFunction) and constant expressions.
import { I32, type ConstExpr, type ValType } from '../decoder/module.js';
import { CompileError } from '../decoder/errors.js';
import { Reader } from '../decoder/reader.js';
import { BodyWalker, MAX_LOCALS } from './body-walker.js';
import type { BodySink } from './sink.js';
import type { ValidatedModule } from './validated-module.js';

let spare: BodyWalker | undefined;

function takeWalker(): BodyWalker {
  const w = spare && !spare.busy ? spare : new BodyWalker();
  if (!spare) spare = w;
  w.busy = true;
  return w;
}

/** All local types of defined function `definedIndex`: parameters first, then the declared locals. */
/** Sets walker w up for bytes [start, end) of vm's module (a body, or a constant expression in `section`). */
function readerFor(w: BodyWalker, vm: ValidatedModule, start: number, end: number, section: string, constMode: boolean): Reader {
  w.tt = vm.types;
  w.constMode = constMode;
  w.section = section;
  const r = (w.r = new Reader(vm.module.bytes, start, end));
  r.section = section;
  r.sharedForms = vm.module.features?.sharedEverythingThreads === true;
  return r;
}

export function localTypesOf(vm: ValidatedModule, definedIndex: number): ValType[] {
  const m = vm.module;
  const funcIndex = m.importedFuncs + definedIndex;
  const ft = vm.funcTypes[funcIndex];
  const body = m.codes[definedIndex];
  if (ft.params.length + body.localCount > MAX_LOCALS) {
    throw new CompileError('too many locals', 'code', body.codeStart, 'invalid');
  }
  const out: ValType[] = ft.params.slice();
  for (const run of body.locals) {
    const t = vm.types.normalize(run.type, 'code', body.codeStart);
    for (let i = 0; i < run.count; i++) out.push(t);
  }
  return out;
}

/**
 * Validates the body of defined function `definedIndex` (imports excluded from the numbering), calling
 * `sink` for every instruction when given. Throws CompileError.
 */
export function validateFunction(vm: ValidatedModule, definedIndex: number, sink?: BodySink): void {
  const m = vm.module;
  const body = m.codes[definedIndex];
  const funcIndex = m.importedFuncs + definedIndex;
  const ft = vm.funcTypes[funcIndex];
  const w = takeWalker();
  try {
    const locals = localTypesOf(vm, definedIndex);
    const r = readerFor(w, vm, body.codeStart, body.codeEnd, 'code', false);
    w.startFunction(vm, funcIndex, locals, ft.params.length, ft.results);
    if (sink) sink.begin(w);
    w.walk(sink);
    if (r.pos !== body.codeEnd) r.fail('section size mismatch');
    if (sink) sink.finish();
  } finally {
    w.busy = false;
  }
}

/**
 * Validates a constant expression producing `type`. Globals below `globalLimit` may be read.
 * ref.func x inside marks x as declared (C.refs).
 */
export function validateConstExpr(vm: ValidatedModule, expr: ConstExpr, type: ValType, globalLimit: number,
  section: string): void {
  if (type === I32 && isPlainI32Const(vm.module.bytes, expr.start, expr.end)) return;
  const w = takeWalker();
  try {
    w.constGlobalLimit = globalLimit;
    readerFor(w, vm, expr.start, expr.end, section, true);
    w.startFunction(vm, -1, [], 0, w.single(type));
    w.walk(undefined);
  } finally {
    w.constMode = false;
    w.busy = false;
  }
}

/** `i32.const n end` exactly (the decoder already checked the LEB128): valid for an i32 expression. */
function isPlainI32Const(b: Uint8Array, start: number, end: number): boolean {
  if (b[start] !== 0x41 || b[end - 1] !== 0x0b || end - start < 3) return false;
  for (let p = start + 1; p < end - 2; p++) if (b[p] < 0x80) return false;
  return b[end - 2] < 0x80;
}
