// Each class of malformed binary, with the section and byte offset the error names. Offsets are counted by
// hand from the bytes below (the header is 8 bytes; a section adds an id byte and a size byte).
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/decoder/errors.js';
import { compile } from '../../src/validate/index.js';
import { FUNC_ONE, TYPE_VOID, code, module, section, str } from './helpers.js';

interface Case {
  name: string;
  bytes: Uint8Array;
  reason: string;
  section: string;
  offset: number;
}

// A module with one [] -> [] function whose body is `body` (no locals); the body starts at offset
// 8 + 6 (types) + 4 (functions) + 2 (code id, size) + 1 (count) + 1 (body size) + 1 (locals count) = 23.
const withBody = (body: number[]) => module(TYPE_VOID, FUNC_ONE, code([0, ...body]));
const BODY = 23;

const cases: Case[] = [
  { name: 'bad magic', bytes: new Uint8Array([0, 0x61, 0x73, 0x6e, 1, 0, 0, 0]), reason: 'magic header not detected', section: 'header', offset: 0 },
  { name: 'bad version', bytes: new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]), reason: 'unknown binary version', section: 'header', offset: 4 },
  { name: 'section id', bytes: module([0x0e, 0]), reason: 'malformed section id', section: 'module', offset: 8 },
  { name: 'section too long', bytes: module([1, 0x7f]), reason: 'unexpected end of section or function', section: 'module', offset: 10 },
  { name: 'size mismatch', bytes: module([1, 5, 1, 0x60, 0, 0, 0]), reason: 'section size mismatch', section: 'type', offset: 14 },
  { name: 'section order', bytes: module(FUNC_ONE, TYPE_VOID), reason: 'unexpected content after last section: section out of order', section: 'type', offset: 12 },
  { name: 'function/code lengths', bytes: module(TYPE_VOID, FUNC_ONE), reason: 'function and code section have inconsistent lengths', section: 'code', offset: 18 },
  { name: 'data count', bytes: module(section(12, [2]), section(11, [1, 1, 0])), reason: 'data count and data section have inconsistent lengths', section: 'data', offset: 16 },
  { name: 'integer too large', bytes: module(section(1, [0x81, 0x80, 0x80, 0x80, 0x70])), reason: 'integer too large', section: 'type', offset: 10 },
  { name: 'integer too long', bytes: module(section(3, [0x80, 0x80, 0x80, 0x80, 0x80, 0x00])), reason: 'integer representation too long', section: 'function', offset: 10 },
  { name: 'limits flags', bytes: module(section(5, [1, 0x20, 0])), reason: 'malformed limits flags', section: 'memory', offset: 11 },
  { name: 'import kind', bytes: module(section(2, [1, ...str('m'), ...str('f'), 7, 0])), reason: 'malformed import kind', section: 'import', offset: 15 },
  { name: 'mutability', bytes: module(section(6, [1, 0x7f, 2, 0x41, 0, 0x0b])), reason: 'malformed mutability', section: 'global', offset: 12 },
  { name: 'reference type', bytes: module(section(4, [1, 0x7e, 0, 1])), reason: 'malformed reference type', section: 'table', offset: 11 },
  { name: 'UTF-8 name', bytes: module(section(0, [1, 0xff])), reason: 'malformed UTF-8 encoding', section: 'custom', offset: 10 },
  { name: 'export kind', bytes: module(section(7, [1, ...str('e'), 9, 0])), reason: 'malformed export kind', section: 'export', offset: 13 },
  { name: 'element kind', bytes: module(section(9, [1, 9])), reason: 'malformed elements segment kind', section: 'element', offset: 11 },
  { name: 'data kind', bytes: module(section(11, [1, 3])), reason: 'malformed data segment kind', section: 'data', offset: 11 },
  { name: 'too many locals', bytes: module(TYPE_VOID, FUNC_ONE, code([2, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 1, 0x7f, 0x0b])), reason: 'too many locals', section: 'code', offset: 29 },
  { name: 'illegal opcode in code', bytes: withBody([0xfc, 0x7f, 0x0b]), reason: 'illegal opcode fc 7f', section: 'code', offset: BODY },
  { name: 'zero byte expected', bytes: withBody([0xfe, 0x03, 0x01, 0x0b]), reason: 'zero byte expected', section: 'code', offset: BODY + 2 },
  { name: 'body without end', bytes: withBody([0x01]), reason: 'unexpected end of section or function', section: 'code', offset: BODY + 1 },
  { name: 'data count required', bytes: module(TYPE_VOID, FUNC_ONE, section(5, [1, 0, 1]), code([0, 0xfc, 0x09, 0, 0x0b]), section(11, [1, 1, 0])), reason: 'data count section required', section: 'code', offset: 28 },
];

describe('malformed binaries', () => {
  for (const c of cases) {
    it(c.name, () => {
      let err: unknown;
      try {
        compile(c.bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CompileError);
      const e = err as CompileError;
      expect({ reason: e.reason, section: e.section, offset: e.offset, kind: e.kind }).toEqual({
        reason: c.reason, section: c.section, offset: c.offset, kind: 'malformed',
      });
    });
  }
});
