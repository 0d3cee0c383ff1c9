// Component decoder: one test per section kind, built from text with wasm-tools (jco-transpile `parse`),
// plus malformed binaries.
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, it } from 'vitest';
import { decodeComponent, isComponentBinary } from '../../src/decoder/component/decode-component.js';
import type { Definition } from '../../src/decoder/component/ast.js';
import { CompileError } from '../../src/decoder/errors.js';

async function defs(text: string): Promise<readonly Definition[]> {
  return decodeComponent(await parse(text)).definitions;
}

describe('component decoder', () => {
  it('reads the preamble and tells components from modules', async () => {
    const bytes = await parse('(component)');
    expect(isComponentBinary(bytes)).toBe(true);
    expect(isComponentBinary(await parse('(module)'))).toBe(false);
    expect(decodeComponent(bytes).definitions).toEqual([]);
  });

  it('core module section keeps the module as a byte range', async () => {
    const d = await defs('(component (core module (func (export "f"))))');
    expect(d[0].tag).toBe('core-module');
    const m = d[0] as Extract<Definition, { tag: 'core-module' }>;
    expect(m.end - m.start).toBeGreaterThan(8);
  });

  it('core instance section: instantiate and inline exports', async () => {
    const d = await defs(`(component
      (core module $m (func (export "f")))
      (core instance $i (instantiate $m))
      (core instance (export "g" (func $i "f"))))`);
    const kinds = d.map((x) => x.tag);
    expect(kinds).toEqual(['core-module', 'core-instance', 'alias', 'core-instance']);
    const last = d[3] as Extract<Definition, { tag: 'core-instance' }>;
    expect(last.expr).toEqual({ kind: 'exports', exports: [{ name: 'g', sort: 'func', index: 0 }] });
  });

  it('core type section: function and module types', async () => {
    const d = await defs('(component (core type (func (param i32) (result i64))) (core type (module (import "a" "b" (func)) (export "c" (memory 1)))))');
    expect(d[0]).toMatchObject({ tag: 'core-type', type: { kind: 'func', params: [0x7f], results: [0x7e] } });
    expect(d[1]).toMatchObject({ tag: 'core-type', type: { kind: 'module' } });
  });

  it('type section: every defined value type', async () => {
    const d = await defs(`(component
      (type (record (field "a" u8) (field "b" string)))
      (type (variant (case "x") (case "y" u32)))
      (type (list u8)) (type (list u8 4)) (type (tuple u8 s64)) (type (flags "p" "q"))
      (type (enum "e")) (type (option char)) (type (result u8 (error string))) (type (result))
      (type (stream u8)) (type (future)) (type error-context)
      (type $r (resource (rep i32))) (type (own $r)) (type (borrow $r)))`);
    const kinds = d.map((x) => (x as Extract<Definition, { tag: 'type' }>).type.kind);
    expect(kinds).toEqual(['record', 'variant', 'list', 'list', 'tuple', 'flags', 'enum', 'option', 'result', 'result', 'stream', 'future', 'prim', 'resource', 'own', 'borrow']);
  });

  it('type section: function, component and instance types', async () => {
    const d = await defs(`(component
      (type (func (param "a" u32) (result string)))
      (type (func async))
      (type (instance (export "f" (func)) (export "t" (type (sub resource)))))
      (type (component (import "x" (func)) (export "y" (func)))))`);
    expect(d[0]).toMatchObject({ type: { kind: 'func', params: [{ name: 'a', type: 'u32' }], result: 'string', async: false } });
    expect(d[1]).toMatchObject({ type: { kind: 'func', async: true } });
    expect(d[2]).toMatchObject({ type: { kind: 'instance', decls: [{ tag: 'type' }, { tag: 'export' }, { tag: 'export', desc: { kind: 'type', bound: { kind: 'sub-resource' } } }] } });
    expect(d[3]).toMatchObject({ type: { kind: 'component', decls: [{ tag: 'type' }, { tag: 'import' }, { tag: 'type' }, { tag: 'export' }] } });
  });

  it('alias section: export, core export and outer', async () => {
    const d = await defs(`(component $c
      (import "i" (instance $i (export "f" (func))))
      (alias export $i "f" (func))
      (type $t u8)
      (component (alias outer $c $t (type))))`);
    expect(d[2]).toMatchObject({ tag: 'alias', alias: { sort: 'func', target: { kind: 'export', instance: 0, name: 'f' } } });
    const nested = (d[4] as Extract<Definition, { tag: 'component' }>).component.definitions;
    expect(nested[0]).toMatchObject({ tag: 'alias', alias: { sort: 'type', target: { kind: 'outer', count: 1, index: 1 } } });
  });

  it('canon section: lift/lower with options, resource and async builtins', async () => {
    const d = await defs(`(component
      (core module $m (memory (export "m") 1) (func (export "r") (param i32 i32 i32 i32) (result i32) unreachable)
        (func (export "f") (param i32 i32)))
      (core instance $i (instantiate $m))
      (type $r (resource (rep i32)))
      (func $f (param "s" string) (canon lift (core func $i "f") (memory $i "m") (realloc (func $i "r")) string-encoding=utf16))
      (core func (canon lower (func $f) (memory $i "m")))
      (core func (canon resource.new $r)) (core func (canon resource.drop $r)) (core func (canon resource.rep $r))
      (core func (canon task.cancel)) (core func (canon context.get i32 0)) (core func (canon waitable-set.new))
      (core func (canon waitable-set.wait (memory $i "m"))) (core func (canon subtask.drop)))`);
    const canons = d.filter((x) => x.tag === 'canon').map((x) => (x as Extract<Definition, { tag: 'canon' }>).canon);
    expect(canons.map((c) => c.kind)).toEqual(['lift', 'lower', 'resource.new', 'resource.drop', 'resource.rep', 'task.cancel', 'context.get', 'waitable-set.new', 'waitable-set.wait', 'subtask.drop']);
    expect(canons[0].opts.map((o) => o.kind)).toEqual(['memory', 'realloc', 'string-encoding']);
  });

  it('start, import and export sections, with interface and annotated names', async () => {
    const d = await defs(`(component
      (import "wasi:cli/run@0.2.0" (instance))
      (import "r" (type $r (sub resource)))
      (import "[constructor]r" (func (result (own $r))))
      (import "[method]r.m" (func (param "self" (borrow $r))))
      (export "f" (func 1)))`);
    expect(d.filter((x) => x.tag === 'import').map((x) => (x as { name: string }).name)).toEqual(['wasi:cli/run@0.2.0', 'r', '[constructor]r', '[method]r.m']);
    expect(d[d.length - 1]).toMatchObject({ tag: 'export', name: 'f', sortIndex: { sort: 'func', index: 1 } });
  });

  it('nested component section', async () => {
    const d = await defs('(component (component (component)))');
    expect(d[0].tag).toBe('component');
  });

  const malformed: [string, number[]][] = [
    ['bad magic', [0, 0x62, 0x73, 0x6d, 0x0d, 0, 1, 0]],
    ['unknown version', [0, 0x61, 0x73, 0x6d, 0x0c, 0, 1, 0]],
    ['unknown section id', [0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0x0f, 0]],
    ['section size past the end', [0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0x07, 0x10, 0]],
    ['invalid defined type byte', [0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0x07, 0x02, 0x01, 0x50]],
    ['invalid canon opcode', [0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0x08, 0x02, 0x01, 0x7f]],
    ['trailing bytes in a section', [0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0x07, 0x03, 0x01, 0x7f, 0x00]],
    ['invalid sort', [0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0x06, 0x04, 0x01, 0x09, 0x00, 0x00]],
  ];
  for (const [name, bytes] of malformed) {
    it(`rejects malformed input: ${name}`, () => {
      let err: unknown;
      try {
        decodeComponent(new Uint8Array(bytes));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CompileError);
      expect((err as CompileError).kind).toBe('malformed');
      expect((err as CompileError).section).toMatch(/^component/);
    });
  }
});
