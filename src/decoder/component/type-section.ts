// Component type definitions (Binary.md "Type Definitions"): value types, function types, resource
// types, component and instance types with their declarators, extern descriptors.
import { badByte, expectByte } from './bad-byte.js';
import type { Reader } from '../reader.js';
import type { PrimitiveKind } from '../../component/value-types.js';
import { readCoreType, readCoreValType } from './core-types.js';
import { readAlias } from './alias-section.js';
import type { DefValTypeDef, ExternDesc, LabeledRef, TypeDecl, TypeDef, ValTypeRef } from './ast.js';

const PRIMS: Record<number, PrimitiveKind> = {
  0x7f: 'bool',
  0x7e: 's8',
  0x7d: 'u8',
  0x7c: 's16',
  0x7b: 'u16',
  0x7a: 's32',
  0x79: 'u32',
  0x78: 's64',
  0x77: 'u64',
  0x76: 'f32',
  0x75: 'f64',
  0x74: 'char',
  0x73: 'string',
  0x64: 'error-context',
};

/** `valtype ::= typeidx | primvaltype` (primitives use the negative-SLEB128 bytes). */
export function readValType(r: Reader): ValTypeRef {
  const start = r.pos;
  const b = r.peek();
  const prim = PRIMS[b];
  if (prim !== undefined) {
    r.pos++;
    return prim;
  }
  const v = r.s33();
  if (v < 0 || v > 0xffff_ffff) r.fail('invalid leading byte in value type', start);
  return v;
}

function readOptional<T>(r: Reader, read: () => T): T | undefined {
  const start = r.pos;
  const b = r.u8();
  if (b === 0) return undefined;
  if (b === 1) return read();
  return badByte(r, b, 'optional value', start);
}

/** `valtype?`: absent, or a value type. */
function readOptionalValType(r: Reader): ValTypeRef | undefined {
  return readOptional(r, () => readValType(r));
}

function readLabeled(r: Reader): LabeledRef {
  const name = r.name();
  return { name, type: readValType(r) };
}

function readVec<T>(r: Reader, read: () => T): T[] {
  const out: T[] = [];
  for (let n = r.vecLen(), i = 0; i < n; i++) out.push(read());
  return out;
}

function readDefValType(r: Reader, b: number, start: number): DefValTypeDef {
  const prim = PRIMS[b];
  if (prim !== undefined) return { kind: 'prim', prim };
  switch (b) {
    case 0x72:
      return { kind: 'record', fields: readVec(r, () => readLabeled(r)) };
    case 0x71:
      return {
        kind: 'variant',
        cases: readVec(r, () => {
          const name = r.name();
          const type = readOptionalValType(r);
          // (Cases once could name a case they refine; that field is now a required zero byte.)
          expectByte(r, 0, 'zero byte required');
          return { name, type };
        }),
      };
    case 0x70:
      return { kind: 'list', element: readValType(r), length: undefined };
    case 0x67: {
      const element = readValType(r);
      return { kind: 'list', element, length: r.u32() };
    }
    case 0x6f:
      return { kind: 'tuple', elements: readVec(r, () => readValType(r)) };
    case 0x6e:
      return { kind: 'flags', names: readVec(r, () => r.name()) };
    case 0x6d:
      return { kind: 'enum', names: readVec(r, () => r.name()) };
    case 0x6b:
      return { kind: 'option', element: readValType(r) };
    case 0x6a: {
      const ok = readOptionalValType(r);
      return { kind: 'result', ok, err: readOptionalValType(r) };
    }
    case 0x69:
      return { kind: 'own', index: r.u32() };
    case 0x68:
      return { kind: 'borrow', index: r.u32() };
    case 0x66:
      return { kind: 'stream', element: readOptionalValType(r) };
    case 0x65:
      return { kind: 'future', element: readOptionalValType(r) };
    case 0x63: {
      const key = readValType(r);
      return { kind: 'map', key, value: readValType(r) };
    }
    default:
      return badByte(r, b, 'component defined type', start);
  }
}

/** Component/instance types nest through declarators; bound the depth so hostile input cannot exhaust
 *  the JS stack (the decoder reports a CompileError instead). */
const MAX_TYPE_NESTING = 100;
let nesting = 0;

export function readTypeDef(r: Reader): TypeDef {
  if (nesting >= MAX_TYPE_NESTING) r.fail('type nesting is too deep');
  nesting++;
  try {
    return readTypeDefInner(r);
  } finally {
    nesting--;
  }
}

function readTypeDefInner(r: Reader): TypeDef {
  const start = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x40:
    case 0x43: {
      const params = readVec(r, () => readLabeled(r));
      const t = r.pos;
      const tag = r.u8();
      if (tag === 0x00) return { kind: 'func', params, result: readValType(r), namedResults: undefined, async: b === 0x43 };
      if (tag === 0x01) {
        // Named results were removed: 0x01 must be followed by an empty list.
        expectByte(r, 0, 'number of results');
        return { kind: 'func', params, result: undefined, namedResults: undefined, async: b === 0x43 };
      }
      return badByte(r, tag, 'component function results', t);
    }
    case 0x41:
      return { kind: 'component', decls: readVec(r, () => readDecl(r, true)) };
    case 0x42:
      return { kind: 'instance', decls: readVec(r, () => readDecl(r, false)) };
    case 0x3f:
    case 0x3e: {
      const rep = readCoreValType(r);
      const dtor = readOptional(r, () => r.u32());
      const callback = b === 0x3e ? readOptional(r, () => r.u32()) : undefined;
      return { kind: 'resource', rep, dtor, async: b === 0x3e, callback };
    }
    default:
      return readDefValType(r, b, start);
  }
}

/** An extern name with the options of the 0x02 form (`implements`, `versionsuffix`). */
export interface ExternNameParts {
  readonly name: string;
  readonly implements: string | undefined;
  readonly versionSuffix: string | undefined;
}

/**
 * `importname'` / `exportname'`: 0x00 or 0x01 then the name string; 0x02: the name then a vector of
 * options (0x00 `implements` interface name, 0x01 `versionsuffix`, 0x02 `external-id`).
 */
export function readExternNameParts(r: Reader): ExternNameParts {
  const start = r.pos;
  const b = r.u8();
  if (b !== 0x00 && b !== 0x01 && b !== 0x02) badByte(r, b, 'component name', start);
  const name = r.name();
  let implementsName: string | undefined;
  let versionSuffix: string | undefined;
  if (b === 0x02) {
    for (let n = r.vecLen(), i = 0; i < n; i++) {
      const t = r.pos;
      const k = r.u8();
      if (k === 0x00) {
        if (implementsName !== undefined) r.fail("duplicate 'implements' option in name", t);
        implementsName = r.name();
      }
      else if (k === 0x01) versionSuffix = r.name();
      else if (k === 0x02) r.name(); // external-id: opaque to validation
      else badByte(r, k, 'name option', t);
    }
  }
  return { name, implements: implementsName, versionSuffix };
}

/** An extern name; a `versionsuffix` option is appended to the name (it completes the version). */
export function readExternName(r: Reader): { name: string; implements?: string; versionSuffix?: string } {
  const p = readExternNameParts(r);
  const name = p.versionSuffix === undefined ? p.name : p.name + p.versionSuffix;
  const out: { name: string; implements?: string; versionSuffix?: string } = { name };
  if (p.implements !== undefined) out.implements = p.implements;
  if (p.versionSuffix !== undefined) out.versionSuffix = p.versionSuffix;
  return out;
}

export function readExternDesc(r: Reader): ExternDesc {
  const start = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00: {
      expectByte(r, 0x11, 'component external kind (only core modules are importable)');
      return { kind: 'module', index: r.u32() };
    }
    case 0x01:
      return { kind: 'func', index: r.u32() };
    case 0x02:
      return { kind: 'value', type: readValType(r) };
    case 0x03: {
      const t = r.pos;
      const k = r.u8();
      if (k === 0x00) return { kind: 'type', bound: { kind: 'eq', index: r.u32() } };
      if (k === 0x01) return { kind: 'type', bound: { kind: 'sub-resource' } };
      return badByte(r, k, 'type bound', t);
    }
    case 0x04:
      return { kind: 'component', index: r.u32() };
    case 0x05:
      return { kind: 'instance', index: r.u32() };
    default:
      return badByte(r, b, 'component external kind', start);
  }
}

function readDecl(r: Reader, component: boolean): TypeDecl {
  const offset = r.pos;
  const tag = r.u8();
  switch (tag) {
    case 0x00:
      return { tag: 'core-type', type: readCoreType(r, true), offset };
    case 0x01:
      return { tag: 'type', type: readTypeDef(r), offset };
    case 0x02:
      return { tag: 'alias', alias: readAlias(r), offset };
    case 0x03: {
      if (!component) r.fail('invalid leading byte (0x3) for component or instance type declaration (instance types cannot import)', offset);
      const name = readExternName(r);
      return { tag: 'import', ...name, desc: readExternDesc(r), offset };
    }
    case 0x04: {
      const name = readExternName(r);
      return { tag: 'export', ...name, desc: readExternDesc(r), offset };
    }
    default:
      return badByte(r, tag, 'component or instance type declaration', offset);
  }
}
