// Top-level component reader: preamble, then each section into `Definition`s in binary order
// (Binary.md "Component Definitions"). Nested components are decoded recursively over the same bytes;
// nested core modules are kept as byte ranges for the core decoder.
import { badByte } from './bad-byte.js';
import { Reader } from '../reader.js';
import { CompileError } from '../errors.js';
import { readAlias, readSortIndex } from './alias-section.js';
import { readCanon } from './canon-section.js';
import { readCoreType } from './core-types.js';
import { readCoreInstance, readInstance } from './instance-section.js';
import { readExternDesc, readExternName, readTypeDef, readValType } from './type-section.js';
import type { ComponentAst, CustomSectionRef, Definition } from './ast.js';

export const COMPONENT_VERSION = 0x0d;
/** Nesting limit for components inside components (guards the JS stack). */
const MAX_NESTING = 100;

const SECTION_NAMES = [
  'custom', 'core module', 'core instance', 'core type', 'component', 'instance', 'alias', 'type',
  'canonical function', 'start', 'import', 'export', 'value',
];

/** True when `bytes` starts with the component preamble (layer 1), false for a core module. */
export function isComponentBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d && bytes[6] === 1 && bytes[7] === 0;
}

export function decodeComponent(bytes: Uint8Array): ComponentAst {
  const r = new Reader(bytes);
  r.endWording = 'component';
  r.section = 'component header';
  return readComponent(r, bytes.length, 0);
}

function readComponent(r: Reader, end: number, depth: number): ComponentAst {
  if (depth > MAX_NESTING) r.fail('components nested too deeply');
  const start = r.pos;
  const outerEnd = r.end;
  r.end = end;
  r.section = 'component header';
  if (end - start < 4 || r.bytes[start] !== 0 || r.bytes[start + 1] !== 0x61 || r.bytes[start + 2] !== 0x73 || r.bytes[start + 3] !== 0x6d) {
    r.fail('magic header not detected', start);
  }
  r.pos += 4;
  if (end - r.pos < 4) r.failEnd();
  const version = r.bytes[r.pos] | (r.bytes[r.pos + 1] << 8);
  const layer = r.bytes[r.pos + 2] | (r.bytes[r.pos + 3] << 8);
  if (layer !== 1) r.fail(layer === 0 ? 'expected a version header for a component, found a core module header' : 'unknown binary layer', r.pos + 2);
  if (version !== COMPONENT_VERSION) r.fail(`unknown binary version: 0x${version.toString(16)} (components are version 0x${COMPONENT_VERSION.toString(16)})`, r.pos);
  r.pos += 4;

  const definitions: Definition[] = [];
  const customs: CustomSectionRef[] = [];
  while (r.pos < end) {
    r.end = end;
    const id = r.u8();
    if (SECTION_NAMES[id] === undefined) r.fail(`malformed section id ${id}`, r.pos - 1);
    const sizeAt = r.pos;
    const size = r.u32();
    if (size > end - r.pos) {
      r.section = `component ${SECTION_NAMES[id]}`;
      r.fail(`unexpected end-of-file: the section claims ${size} bytes but only ${end - r.pos} remain`, sizeAt);
    }
    const sectionEnd = r.pos + size;
    r.end = sectionEnd;
    r.section = `component ${SECTION_NAMES[id] ?? 'unknown'}`;
    readSection(r, id, sectionEnd, depth, definitions, customs);
    if (r.pos !== sectionEnd) r.fail(id === 9 ? 'unexpected content in the component start section' : 'unexpected data at the end of the section', r.pos);
  }
  r.end = outerEnd;
  return { bytes: r.bytes, start, end, definitions, customs };
}

function readVec(r: Reader, each: () => void): void {
  for (let n = r.vecLen(), i = 0; i < n; i++) each();
}

function readSection(r: Reader, id: number, end: number, depth: number, defs: Definition[], customs: CustomSectionRef[]): void {
  switch (id) {
    case 0: {
      const name = r.name();
      customs.push({ name, start: r.pos, end });
      r.pos = end;
      return;
    }
    case 1: {
      const offset = r.pos;
      // A core module: checked to be one (not a component) here; decoded and validated by the core layer.
      const b = r.bytes;
      if (end - offset < 8 || b[offset] !== 0 || b[offset + 1] !== 0x61 || b[offset + 2] !== 0x73 || b[offset + 3] !== 0x6d) {
        r.fail('magic header not detected', offset);
      }
      if (b[offset + 6] !== 0 || b[offset + 7] !== 0) r.fail('expected a version header for a module, found a component header (a core module section holds core modules)', offset + 4);
      defs.push({ tag: 'core-module', start: offset, end, offset });
      r.pos = end;
      return;
    }
    case 4: {
      const offset = r.pos;
      const component = readComponent(r, end, depth + 1);
      r.section = 'component component';
      r.end = end;
      defs.push({ tag: 'component', component, offset });
      return;
    }
    case 9: {
      const offset = r.pos;
      const func = r.u32();
      const args: number[] = [];
      readVec(r, () => args.push(r.u32()));
      defs.push({ tag: 'start', func, args, results: r.u32(), offset });
      return;
    }
    case 10:
      return readVec(r, () => {
        const offset = r.pos;
        const name = readExternName(r);
        defs.push({ tag: 'import', ...name, desc: readExternDesc(r), offset });
      });
    case 11:
      return readVec(r, () => {
        const offset = r.pos;
        const name = readExternName(r);
        const sortIndex = readSortIndex(r);
        const t = r.pos;
        const has = r.u8();
        if (has > 1) badByte(r, has, 'optional component export type', t);
        defs.push({ tag: 'export', ...name, sortIndex, desc: has ? readExternDesc(r) : undefined, offset });
      });
    case 12:
      return readVec(r, () => {
        const offset = r.pos;
        const type = readValType(r);
        const len = r.u32();
        if (len > end - r.pos) r.failEnd();
        defs.push({ tag: 'value', value: { type, start: r.pos, end: r.pos + len }, offset });
        r.pos += len;
      });
    default: {
      const vec = VECTORS[id];
      if (vec === undefined) r.fail(`unknown section id ${id}`, r.pos);
      const [tag, field, read] = vec;
      return readVec(r, () => {
        const offset = r.pos;
        defs.push({ tag, [field]: read(r), offset } as unknown as Definition);
      });
    }
  }
}

/** Sections that are a vector of one kind of definition: its tag, the field its body goes to, its reader. */
const VECTORS: Record<number, readonly [Definition['tag'], string, (r: Reader) => unknown]> = {
  2: ['core-instance', 'expr', readCoreInstance],
  3: ['core-type', 'type', (r) => readCoreType(r, true)],
  5: ['instance', 'expr', readInstance],
  6: ['alias', 'alias', readAlias],
  7: ['type', 'type', readTypeDef],
  8: ['canon', 'canon', readCanon],
};

export { CompileError };
