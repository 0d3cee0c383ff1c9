// Test helpers for the text printer: wasm-tools' text parser (the spec runner's converter, a test-only
// dependency) and a structural normal form of a decoded module, so two binaries can be compared "up to
// encoding": same types, imports, definitions, exports, segments and the same instructions with the same
// immediates, while LEB widths, section order of custom sections and segment flag encodings may differ.
import { decodeModule } from '../../src/decoder/decode-module.js';
import type { ConstExpr, Module } from '../../src/decoder/module.js';
import { immKinds, Imm, newImmediates, readImmediates, readOpcode } from '../../src/decoder/opcodes.js';
import { instructionName } from '../../src/decoder/instruction-names.js';
import { Reader } from '../../src/decoder/reader.js';

type ParseFn = (text: string) => Promise<Uint8Array>;
let parser: Promise<ParseFn> | undefined;
export function wat2wasm(text: string): Promise<Uint8Array> {
  parser ??= import('@bytecodealliance/jco-transpile/wasm-tools').then((m) => m.parse as ParseFn);
  return parser.then((p) => p(text));
}

/** Every instruction in [start, end) with the immediates its kind has, as plain data. */
function instructions(m: Module, start: number, end: number): unknown[] {
  const r = new Reader(m.bytes, start, end);
  r.sharedForms = m.features?.sharedEverythingThreads === true;
  const imm = newImmediates();
  const out: unknown[] = [];
  while (r.pos < end) {
    const at = r.pos;
    const op = readOpcode(r);
    readImmediates(r, op, imm, at);
    let v: unknown;
    switch (immKinds[op] as Imm) {
      case Imm.Block: v = [imm.blockType, imm.blockType === -2 ? imm.blockValType : 0]; break;
      case Imm.Label: case Imm.Index: case Imm.Struct: case Imm.MemIndex: v = imm.index; break;
      case Imm.Index2: case Imm.StructField: v = [imm.index, imm.index2]; break;
      case Imm.ArrayFixed: v = [imm.index, imm.count]; break;
      case Imm.BrTable: v = Array.from(imm.brTargets.subarray(0, imm.brCount + 1)); break;
      case Imm.Memarg: v = [imm.memory, imm.align, imm.offsetLo, imm.offsetHi]; break;
      case Imm.MemargLane: v = [imm.memory, imm.align, imm.offsetLo, imm.offsetHi, imm.lane]; break;
      case Imm.I32: v = imm.i32; break;
      case Imm.I64: v = [imm.i64Lo, imm.i64Hi]; break;
      case Imm.F32: v = imm.f32Bits; break;
      case Imm.F64: v = [imm.f64Lo, imm.f64Hi]; break;
      case Imm.V128: v = Array.from(m.bytes.subarray(imm.v128Pos, imm.v128Pos + 16)); break;
      case Imm.Lane: v = imm.lane; break;
      case Imm.SelectT: v = imm.selectType; break;
      case Imm.HeapType: case Imm.RefTest: v = imm.heapType; break;
      case Imm.BrOnCast: v = [imm.castFlags, imm.index, imm.heapType, imm.index2]; break;
      case Imm.TryTable: v = [imm.blockType, imm.blockValType, Array.from(imm.catchKinds.subarray(0, imm.brCount)),
        Array.from(imm.catchTags.subarray(0, imm.brCount)), Array.from(imm.brTargets.subarray(0, imm.brCount))]; break;
      default: v = null;
    }
    out.push(v === null ? instructionName(op)! : [instructionName(op)!, v]);
  }
  return out;
}

const expr = (m: Module, e: ConstExpr | undefined): unknown => (e ? instructions(m, e.start, e.end) : null);

/** The module as plain data without byte offsets, custom sections or LEB widths. */
export function normalForm(bytes: Uint8Array): unknown {
  const m = decodeModule(bytes);
  return {
    types: m.types, recGroups: m.recGroups, imports: m.imports, functions: m.functions,
    tables: m.tables.map((t) => ({ type: t.type, init: expr(m, t.init) })),
    memories: m.memories, tags: m.tags,
    globals: m.globals.map((g) => ({ type: g.type, init: expr(m, g.init) })),
    exports: m.exports, start: m.start,
    elements: m.elements.map((e) => ({
      mode: e.mode, table: e.mode === 'active' ? e.table : 0, offset: expr(m, e.offset), type: e.type,
      // A list of function indices and the same list as `ref.func` expressions are one segment.
      items: e.funcIndices ? e.funcIndices.map((i) => [['ref.func', i], 'end']) : (e.exprs ?? []).map((x) => expr(m, x)),
    })),
    datas: m.datas.map((d) => ({ mode: d.mode, memory: d.memory, offset: expr(m, d.offset), data: Array.from(d.data) })),
    codes: m.codes.map((c) => ({
      locals: c.locals.flatMap((run) => new Array<number>(run.count).fill(run.type)),
      body: instructions(m, c.codeStart, c.codeEnd),
    })),
  };
}

/** The binary without custom sections (names, DWARF): what a byte comparison should look at. */
export function withoutCustomSections(b: Uint8Array): Uint8Array {
  const out: number[] = [...b.subarray(0, 8)];
  let p = 8;
  while (p < b.length) {
    const id = b[p];
    let q = p + 1, size = 0, scale = 1;
    for (;;) { const x = b[q++]; size += (x & 0x7f) * scale; scale *= 128; if ((x & 0x80) === 0) break; }
    if (id !== 0) out.push(...b.subarray(p, q + size));
    p = q + size;
  }
  return new Uint8Array(out);
}
