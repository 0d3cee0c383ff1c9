// Binary encodings of shared-everything-threads (hand-assembled): accepted only with the feature on.
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/decoder/decode-module.js';
import type { CoreFeatures } from '../../src/decoder/features.js';
import { CompileError } from '../../src/decoder/errors.js';
import { HeapType, REF_FLAG, REF_NULLABLE, SHARED_HEAP, type Module } from '../../src/decoder/module.js';
import { module, section } from './helpers.js';

const ON = { sharedEverythingThreads: true };

function reasonOf(bytes: Uint8Array, features?: CoreFeatures): string {
  try {
    decodeModule(bytes, features);
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    expect((e as CompileError).kind).toBe('malformed');
    return (e as CompileError).reason;
  }
  throw new Error('decoded bytes that should be malformed');
}

const SHARED_FUNCREF = REF_FLAG | REF_NULLABLE | SHARED_HEAP | HeapType.func;
// table section: one table, reftype then limits
const sharedTable = (reftype: number[], flags = 0x03) => module(section(4, [1, ...reftype, flags, 1, 2]));

describe('shared tables and shared abstract heap types', () => {
  it('decodes `0x65 ht` as (ref null (shared ht)) and limits flag bit 1 as shared', () => {
    const m: Module = decodeModule(sharedTable([0x65, 0x70]), ON);
    expect(m.tables[0].type.element).toBe(SHARED_FUNCREF);
    expect(m.tables[0].type.limits).toEqual({ min: 1, max: 2, shared: true, index64: false });
    expect(m.features).toEqual(ON);
  });
  it('decodes the 0x65 prefix inside `ref null` / `ref` heap types', () => {
    expect(decodeModule(sharedTable([0x63, 0x65, 0x70]), ON).tables[0].type.element).toBe(SHARED_FUNCREF);
    expect(decodeModule(sharedTable([0x64, 0x65, 0x6f]), ON).tables[0].type.element)
      .toBe(REF_FLAG | SHARED_HEAP | HeapType.extern);
  });
  it('is malformed with the feature off, exactly as before', () => {
    expect(reasonOf(sharedTable([0x65, 0x70]))).toBe('malformed reference type');
    expect(reasonOf(sharedTable([0x63, 0x65, 0x70]))).toBe('malformed heap type');
    expect(reasonOf(sharedTable([0x70], 0x03))).toBe('malformed limits flags');
    expect(decodeModule(sharedTable([0x70], 0x01)).features).toBeUndefined();
  });
  it('needs an abstract heap type after the prefix, and the prefix as one plain byte', () => {
    expect(reasonOf(sharedTable([0x65, 0x00]), ON)).toBe('malformed heap type');
    expect(reasonOf(sharedTable([0x65, 0x65, 0x70]), ON)).toBe('malformed heap type');
    // -27 padded to two LEB128 bytes is not the prefix.
    expect(reasonOf(sharedTable([0x63, 0xe5, 0x7f, 0x70]), ON)).toBe('malformed heap type');
  });
});

describe('shared composite types and globals', () => {
  it('decodes `0x65 comptype`, also after a sub prefix', () => {
    const types = section(1, [2, 0x65, 0x60, 1, 0x7f, 0, 0x50, 0, 0x65, 0x5f, 0]);
    const m = decodeModule(module(types), ON);
    expect(m.types[0]).toEqual({ final: true, supertypes: [], composite: { kind: 'func', params: [0x7f], results: [] }, shared: true });
    expect(m.types[1]).toEqual({ final: false, supertypes: [], composite: { kind: 'struct', fields: [] }, shared: true });
    expect(reasonOf(module(types))).toBe('malformed type');
  });
  it('decodes global flags bit 1 as shared', () => {
    const globals = section(6, [1, 0x7f, 0x03, 0x41, 0x00, 0x0b]);
    expect(decodeModule(module(globals), ON).globals[0].type).toEqual({ type: 0x7f, mutable: true, shared: true });
    expect(reasonOf(module(globals))).toBe('malformed mutability');
    expect(reasonOf(module(section(6, [1, 0x7f, 0x04, 0x41, 0x00, 0x0b])), ON)).toBe('malformed mutability');
  });
});
