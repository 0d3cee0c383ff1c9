// Reflection: `Component.decode(bytes).imports / .exports` as WIT-shaped trees.
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Component } from '../../src/component/component.js';
import { ResourceType } from '../../src/component/types.js';
import { printWit } from '../../src/wit/index.js';
import { FIXTURES } from './helpers.js';

describe('Component reflection', () => {
  it('groups interface imports into functions, resources and types', () => {
    const c = Component.decode(readFileSync(`${FIXTURES}/jco/transpile/runtime/resources.component.wasm`));
    const streams = c.imports.interfaces.get('wasi:io/streams@0.2.0')!;
    expect(streams.package).toEqual({ namespace: 'wasi', name: 'io', version: '0.2.0' });
    expect(streams.interfaceName).toBe('streams');
    const out = streams.resources.get('output-stream')!;
    expect(out.type).toBeInstanceOf(ResourceType);
    expect([...out.methods.keys()]).toContain('blocking-write-and-flush');
    expect(out.methods.get('check-write')!.params[0]).toMatchObject({ name: 'self', type: { kind: 'borrow' } });
    expect(streams.types.get('stream-error')?.kind).toBe('variant');
  });

  it('lists exported interfaces with constructors, methods and statics', () => {
    const c = Component.decode(readFileSync(`${FIXTURES}/jco/transpile/runtime/resources.component.wasm`));
    const ex = c.exports.interfaces.get('exports')!;
    expect(ex.package).toBeUndefined();
    const x = ex.resources.get('x')!;
    expect(x.constructorType?.params.map((p) => p.name)).toEqual(['a']);
    expect([...x.methods.keys()]).toEqual(['get-a', 'set-a']);
    expect([...x.statics.keys()]).toEqual(['add']);
    expect([...ex.functions.keys()]).toEqual(['add', 'consume', 'test-imports']);
  });

  it('reflects world-level functions', async () => {
    const c = Component.decode(await parse('(component (import "f" (func (param "x" u32) (result string))) (export "g" (func 0)))'));
    expect(c.imports.functions.get('f')).toMatchObject({ params: [{ name: 'x', type: { kind: 'u32' } }], result: { kind: 'string' } });
    expect([...c.exports.functions.keys()]).toEqual(['g']);
    expect(printWit(c)).toContain('import f: func(x: u32) -> string;');
    // purewasm/wit takes a Component: anything else is a TypeError saying so, not a crash inside the printer
    expect(() => printWit({} as never)).toThrow(/printWit takes a Component/);
    expect(() => printWit(null as never)).toThrow(TypeError);
  });

  it('rejects invalid binaries with CompileError', async () => {
    expect(() => Component.decode(new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 7, 2, 1, 0x72]))).toThrow(/CompileError|unexpected end/);
  });
});
