import { describe, expect, it } from 'vitest';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { decodeModule } from '../../src/decoder/decode-module.js';
import { CompileError } from '../../src/decoder/errors.js';
import { EXTERNREF, FUNCREF, HeapType, I32, I64, refType } from '../../src/decoder/module.js';
import { FUNC_ONE, HEADER, TYPE_VOID, code, module, section, str, uleb } from './helpers.js';

function malformed(bytes: Uint8Array): CompileError {
  try {
    decodeModule(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    expect((e as CompileError).kind).toBe('malformed');
    return e as CompileError;
  }
  throw new Error('decoded a malformed module');
}

describe('preamble and sections', () => {
  it('rejects a bad magic or version', () => {
    // Fewer than four bytes: the input ends before the magic can be read.
    expect(malformed(new Uint8Array([0, 0x61, 0x73])).reason).toBe('unexpected end');
    expect(malformed(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])).reason).toBe('unknown binary version');
    expect(malformed(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0])).reason).toBe('unexpected end');
  });
  it('accepts the empty module', () => {
    const m = decodeModule(module());
    expect(m.types).toEqual([]);
    expect(m.codes).toEqual([]);
  });
  it('rejects a malformed section id with its offset', () => {
    const e = malformed(module([14, 0]));
    expect(e.reason).toBe('malformed section id');
    expect(e.offset).toBe(8);
  });
  it('rejects section size mismatches', () => {
    // type section claims 5 bytes but its content is 4
    const e = malformed(module([1, 5, 1, 0x60, 0, 0, 0]));
    expect(e.reason).toBe('section size mismatch');
    expect(e.section).toBe('type');
    // section longer than the input
    expect(malformed(module([1, 10, 1, 0x60])).reason).toBe('unexpected end of section or function');
    // content reading past the section end
    expect(malformed(module([1, 3, 1, 0x60, 1, 0x7f, 0])).reason).toBe('unexpected end of section or function');
  });
  it('enforces section order (tag before global, data count before code)', () => {
    expect(malformed(module(FUNC_ONE, TYPE_VOID)).reason).toBe('unexpected content after last section: section out of order');
    expect(malformed(module(TYPE_VOID, TYPE_VOID)).reason).toBe('unexpected content after last section: section out of order');
    // global (6) then tag (13): wrong order
    const glob = section(6, [1, 0x7f, 0, 0x41, 0, 0x0b]);
    const tag = section(13, [1, 0, 0]);
    expect(malformed(module(TYPE_VOID, glob, tag)).reason).toBe('unexpected content after last section: section out of order');
    expect(decodeModule(module(TYPE_VOID, tag, glob)).tags).toEqual([{ typeIndex: 0 }]);
    // data count (12) after code (10): wrong
    expect(malformed(module(TYPE_VOID, FUNC_ONE, code([0, 0x0b]), section(12, [0]))).reason).toBe(
      'unexpected content after last section: section out of order',
    );
  });
  it('checks function/code and data count/data consistency', () => {
    expect(malformed(module(TYPE_VOID, FUNC_ONE)).reason).toBe('function and code section have inconsistent lengths');
    expect(malformed(module(TYPE_VOID, code([0, 0x0b]))).reason).toBe('function and code section have inconsistent lengths');
    expect(malformed(module(section(12, [1]))).reason).toBe('data count and data section have inconsistent lengths');
    expect(decodeModule(module(section(12, [0]))).dataCount).toBe(0);
  });
  it('rejects too many locals', () => {
    const body = [2, ...uleb(0xffffffff), 0x7f, ...uleb(2), 0x7f, 0x0b];
    const e = malformed(module(TYPE_VOID, FUNC_ONE, code(body)));
    expect(e.reason).toBe('too many locals');
    expect(e.section).toBe('code');
  });
  it('rejects malformed limits, import kinds, mutability, reference types', () => {
    expect(malformed(module(section(5, [1, 0x10, 0]))).reason).toBe('malformed limits flags');
    expect(malformed(module(section(4, [1, 0x70, 0x02, 0]))).reason).toBe('malformed limits flags');
    expect(malformed(module(section(2, [1, ...str('m'), ...str('f'), 5, 0]))).reason).toBe('malformed import kind');
    expect(malformed(module(section(6, [1, 0x7f, 2, 0x41, 0, 0x0b]))).reason).toBe('malformed mutability');
    expect(malformed(module(section(4, [1, 0x7f, 0, 0]))).reason).toBe('malformed reference type');
  });
  it('rejects malformed UTF-8 in names', () => {
    expect(malformed(module(section(0, [2, 0xc0, 0x80]))).reason).toBe('malformed UTF-8 encoding');
  });
  it('rejects illegal opcodes in constant expressions', () => {
    expect(malformed(module(section(6, [1, 0x7f, 0, 0xff, 0x0b]))).reason).toBe('illegal opcode ff');
  });
  it('tolerates a malformed name section', () => {
    const name = section(0, [...str('name'), 1, 5, 1, 0, 9, 0x41]);
    const m = decodeModule(module(name));
    expect(m.names.functions.size).toBe(0);
    expect(m.customs[0].name).toBe('name');
  });
  it('reads an input given as a view with a byteOffset', () => {
    const inner = module(TYPE_VOID, FUNC_ONE, code([0, 0x0b]));
    const buf = new Uint8Array(inner.length + 7);
    buf.set(inner, 7);
    const m = decodeModule(buf.subarray(7));
    expect(m.codes[0].codeEnd - m.codes[0].codeStart).toBe(1);
    expect(m.bytes[m.codes[0].codeStart]).toBe(0x0b);
  });
  it('header bytes are the ones of a real module', () => {
    expect(Array.from(module().subarray(0, 8))).toEqual(HEADER);
  });
});

describe('decoding real text-format modules', () => {
  it('decodes every kind of definition', async () => {
    const bytes = await parse(`(module
      (type $s (struct (field i32) (field (mut i64))))
      (rec (type $a (sub (array (mut i8)))) (type $b (sub final $a (array (mut i8)))))
      (import "m" "f" (func $imp (param i32) (result i64)))
      (import "m" "mem" (memory 1 2 shared))
      (import "m" "g" (global $g i32))
      (table $t 10 20 funcref)
      (table $t64 i64 5 externref)
      (memory $m2 i64 3)
      (tag $e (param i32))
      (global $h (mut i64) (i64.const -5))
      (func $f (export "f") (param i32) (local i64 i64 f32) local.get 0 drop)
      (elem (i32.const 0) $f)
      (elem funcref (ref.func $f) (ref.null func))
      (elem declare func $f)
      (data (i32.const 0) "hi")
      (data "passive")
      (data (memory $m2) (i64.const 8) "x")
      (start $f2) (func $f2)
    )`);
    const m = decodeModule(bytes);
    // $s, the rec group {$a, $b}, then the function types the text format adds: (i32)->i64, (i32)->(), ()->()
    expect(m.types.length).toBe(6);
    expect(m.recGroups.map((g) => g.count)).toEqual([1, 2, 1, 1, 1]);
    expect(m.types[0].composite).toEqual({ kind: 'struct', fields: [{ type: I32, mutable: false }, { type: I64, mutable: true }] });
    expect(m.types[2].supertypes).toEqual([1]);
    expect(m.types[2].final).toBe(true);
    expect(m.types[1].final).toBe(false);
    expect(m.imports.map((i) => i.desc.kind)).toEqual(['func', 'memory', 'global']);
    const mem = m.imports[1].desc;
    expect(mem.kind === 'memory' && mem.type.limits).toEqual({ min: 1, max: 2, shared: true, index64: false });
    expect(m.tables[0].type).toEqual({ element: FUNCREF, limits: { min: 10, max: 20, shared: false, index64: false } });
    expect(m.tables[1].type.element).toBe(EXTERNREF);
    expect(m.tables[1].type.limits.index64).toBe(true);
    expect(m.memories[0].limits).toEqual({ min: 3, max: undefined, shared: false, index64: true });
    expect(m.globals[0].type).toEqual({ type: I64, mutable: true });
    expect(m.codes[0].locals).toEqual([{ count: 2, type: I64 }, { count: 1, type: 0x7d }]);
    expect(m.codes[0].localCount).toBe(3);
    expect(m.elements.map((e) => e.mode)).toEqual(['active', 'passive', 'declarative']);
    expect(m.elements[0].funcIndices).toEqual([1]);
    expect(m.elements[0].type).toBe(refType(false, HeapType.func));
    expect(m.elements[1].exprs!.length).toBe(2);
    expect(m.datas.map((d) => d.mode)).toEqual(['active', 'passive', 'active']);
    expect(Array.from(m.datas[0].data)).toEqual([0x68, 0x69]);
    expect(m.datas[2].memory).toBe(1);
    expect(m.start).toBe(2);
    expect(m.exports).toEqual([{ name: 'f', kind: 'func', index: 1 }]);
    expect(m.funcTypeIndices.length).toBe(3);
    expect(m.importedFuncs).toBe(1);
    expect(m.importedMemories).toBe(1);
    expect(m.importedGlobals).toBe(1);
  });
  it('reads the name section', async () => {
    const bytes = await parse(`(module $mod (func $first (param $x i32) (local $y i64)))`);
    const m = decodeModule(bytes);
    expect(m.names.module).toBe('mod');
    expect(m.names.functions.get(0)).toBe('first');
    expect(m.names.locals.get(0)?.get(0)).toBe('x');
    expect(m.names.locals.get(0)?.get(1)).toBe('y');
  });
});

import { Imm, immKinds, names, newImmediates, opName, readImmediates, readOpcode } from '../../src/decoder/opcodes.js';
import { instructionName } from '../../src/decoder/instruction-names.js';
import { Reader } from '../../src/decoder/reader.js';

describe('opcode table', () => {
  it('names instructions of every family', () => {
    expect(opName(0x00)).toBe('unreachable');
    expect(opName(0xc4)).toBe('i64.extend32_s');
    expect(opName(0xd6)).toBe('br_on_non_null');
    expect(opName(0xfc08)).toBe('memory.init');
    expect(opName(0xfc11)).toBe('table.fill');
    // the instruction packs' names are not the core's (purewasm/simd, purewasm/gc, purewasm/threads carry them)
    expect(opName(0xfb1e)).toBe('opcode 0xfb1e');
    expect(instructionName(0xfb1e)).toBe('i31.get_u');
    expect(instructionName(0xfd0c)).toBe('v128.const');
    expect(instructionName(0xfdff)).toBe('f64x2.convert_low_i32x4_u');
    expect(instructionName(0xff13)).toBe('i32x4.relaxed_dot_i8x16_i7x16_add_s');
    expect(opName(0xfe03)).toBe('opcode 0xfe03');
    expect(instructionName(0xfe00)).toBe('memory.atomic.notify');
    expect(instructionName(0xfe03)).toBe('atomic.fence');
    expect(instructionName(0xfe10)).toBe('i32.atomic.load');
    expect(instructionName(0xfe4e)).toBe('i64.atomic.rmw32.cmpxchg_u');
    expect(instructionName(0xfe1e)).toBe('i32.atomic.rmw.add');
  });
  it('has a name for every defined instruction and none for the others, and counts them', () => {
    let n = 0;
    let packs = 0;
    for (let op = 0; op < 0x10000; op++) {
      const prefix = op >> 8;
      const inPack = prefix === 0xfb || prefix >= 0xfd;
      // (the core's kind runs for the packs' instructions and the packs' names agree exactly)
      expect(instructionName(op) !== undefined).toBe(immKinds[op] !== Imm.Illegal);
      if (immKinds[op] === Imm.Illegal) continue;
      n++;
      if (inPack) packs++;
      else expect(typeof names[op]).toBe('string');
      if (inPack) expect(names[op]).toBeUndefined();
    }
    // MVP+extensions single-byte (204 with legacy EH), 0xFB 31, 0xFC 18, SIMD 236, relaxed 20, atomics 67
    expect(n).toBeGreaterThan(550);
    expect(packs).toBe(31 + 236 + 20 + 67);
  });
  it('decodes prefixed opcodes and rejects unknown ones', () => {
    expect(readOpcode(new Reader(new Uint8Array([0xfd, 0x80, 0x02])))).toBe(0xff00);
    expect(readOpcode(new Reader(new Uint8Array([0xfc, 0x08])))).toBe(0xfc08);
    expect(() => readImmediates(new Reader(new Uint8Array([])), 0xfd9a, newImmediates(), 0)).toThrow(/illegal opcode/);
    expect(() => readOpcode(new Reader(new Uint8Array([0xff])))).toThrow(/illegal opcode ff/);
  });
  it('decodes immediates: memarg with memory index and 64-bit offset, br_table, try_table, br_on_cast', () => {
    const imm = newImmediates();
    // i64.load: align 3 with flag bit 6, memory 2, offset 2^32+1
    let r = new Reader(new Uint8Array([0x43, 0x02, 0x81, 0x80, 0x80, 0x80, 0x10]));
    readImmediates(r, 0x29, imm, 0);
    expect([imm.align, imm.memory, imm.offsetLo, imm.offsetHi]).toEqual([3, 2, 1, 1]);
    r = new Reader(new Uint8Array([0x02, 0x01, 0x00, 0x03]));
    readImmediates(r, 0x0e, imm, 0);
    expect([imm.brCount, ...imm.brTargets.subarray(0, 3)]).toEqual([2, 1, 0, 3]);
    // try_table (result i32) (catch 0 1) (catch_all_ref 2)
    r = new Reader(new Uint8Array([0x7f, 0x02, 0x00, 0x00, 0x01, 0x03, 0x02]));
    readImmediates(r, 0x1f, imm, 0);
    expect([imm.blockType, imm.blockValType, imm.brCount]).toEqual([-2, 0x7f, 2]);
    expect([imm.catchKinds[0], imm.catchTags[0], imm.brTargets[0], imm.catchKinds[1], imm.brTargets[1]]).toEqual([0, 0, 1, 3, 2]);
    // br_on_cast flags=1 label 0 anyref -> i31
    r = new Reader(new Uint8Array([0x01, 0x00, 0x6e, 0x6c]));
    readImmediates(r, 0xfb18, imm, 0);
    expect([imm.castFlags, imm.index, imm.heapType, imm.index2]).toEqual([1, 0, 0x6e, 0x6c]);
  });
});
