// Validation and decoding errors say precisely what is wrong: each case names the failing check's
// reason (in the reference validator's wording where one exists), and the error keeps its section and
// offset. Binaries are built from text with wasm-tools (jco-transpile `parse`), which encodes without
// validating.
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, it } from 'vitest';
import { validateComponent } from '../../src/component/validate.js';
import { CompileError } from '../../src/decoder/errors.js';

async function errorOf(text: string): Promise<CompileError> {
  const bytes = await parse(text);
  try {
    validateComponent(bytes);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
  throw new Error('expected a CompileError');
}

/** Instantiate a component importing type `x` = `expected` with argument type `actual`. */
const typeArg = (expected: string, actual: string): string => `(component
  (component $c (type $t ${expected}) (import "x" (type (eq $t))))
  (type $x ${actual})
  (instance (instantiate $c (with "x" (type $x)))))`;

describe('subtyping mismatches name the difference', () => {
  const cases: [string, string, string, string][] = [
    ['primitive vs primitive', 'u32', 'string', 'type mismatch for import `x`: expected primitive `u32` found primitive `string`'],
    ['record field count', '(record (field "a" u32))', '(record (field "a" u32) (field "b" u32))', 'expected 1 fields, found 2'],
    ['record field name', '(record (field "a" u32))', '(record (field "b" u32))', 'expected field name `a`, found `b`'],
    ['nested record field type', '(record (field "x" (tuple u32)))', '(record (field "x" (tuple u8)))',
      'type mismatch in record field `x`: type mismatch in tuple field 0: expected primitive `u32` found primitive `u8`'],
    ['variant payload presence', '(variant (case "x" u32))', '(variant (case "x"))', 'expected case `x` to have a type, found none'],
    ['result ok type', '(result u32)', '(result)', 'expected ok type, but found none'],
    ['enum names', '(enum "a" "b")', '(enum "a" "c")', 'mismatch in enum elements'],
    ['compound vs primitive definition', 'u32', '(record (field "f" u32))', 'expected primitive, found record'],
  ];
  for (const [name, expected, actual, reason] of cases) {
    it(name, async () => {
      expect((await errorOf(typeArg(expected, actual))).reason).toContain(reason);
    });
  }

  it('function results and core module exports', async () => {
    const noResult = await errorOf(`(component
      (import "f" (func $f (result string)))
      (component $c (import "f" (func)))
      (instance (instantiate $c (with "f" (func $f)))))`);
    expect(noResult.reason).toBe('type mismatch for import `f`: expected a result, found none');
    const core = await errorOf(`(component
      (core module $a (func (export "f") (result i32) unreachable))
      (core module $b (import "a" "f" (func (param i32))))
      (core instance $ia (instantiate $a))
      (core instance (instantiate $b (with "a" (instance $ia)))))`);
    expect(core.reason).toBe('type mismatch for export `f` of module instantiation argument `a`: expected: (func (param i32))\nfound:    (func (result i32))');
    const global = await errorOf(`(component
      (core module $a (global (export "g") i64 (i64.const 0)))
      (core module $b (import "a" "g" (global i32)))
      (core instance $ia (instantiate $a))
      (core instance (instantiate $b (with "a" (instance $ia)))))`);
    expect(global.reason).toContain('expected global type i32, found i64');
  });

  it('resources', async () => {
    const err = await errorOf(`(component
      (import "r1" (type $r1 (sub resource)))
      (import "r2" (type $r2 (sub resource)))
      (import "f" (func $f (param "x" (own $r1))))
      (component $c (import "r" (type $r (sub resource))) (import "g" (func (param "x" (own $r)))))
      (instance (instantiate $c (with "r" (type $r2)) (with "g" (func $f)))))`);
    expect(err.reason).toBe('type mismatch for import `g`: type mismatch in function parameter `x`: resource types are not the same');
  });
});

describe('names', () => {
  const cases: [string, string][] = [
    ['(import "a:b/c@." (func))', "`a:b/c@.` is not a valid extern name: unexpected character '.'"],
    ['(import "a:b/c@2.0x0" (func))', "unexpected character 'x'"],
    ['(import "wasi:" (func))', '`` is not in kebab case'],
    ['(import "A:b/c" (func))', '`A:b/c` is not a valid extern name: character `A` is not lowercase in package name/namespace'],
    ['(import "unlocked-dep=<a:a@>" (func))', 'expected `{` at `>`'],
    ['(import "unlocked-dep=<a:a@{<xyz}>" (func))', '`xyz` is not a valid semver'],
    ['(import "locked-dep=<a:a@1.2.3>," (func))', 'expected `integrity=<` at ``'],
    ['(import "url=<" (func))', 'failed to find `>`'],
    ['(import "integrity=<sha256->" (func))', 'not valid base64'],
    ['(import "[async]f" (func))', '`[async]f` is not in kebab case'],
    ['(type (component (export "url=<x>" (func))))', '`url=<x>` is not a valid export name'],
    ['(type (record (field "" u32)))', 'record field name cannot be empty'],
  ];
  for (const [body, reason] of cases) {
    it(body, async () => {
      expect((await errorOf(`(component ${body})`)).reason).toContain(reason);
    });
  }

  it('annotated names check the function against the named resource', async () => {
    const wrong = await errorOf(`(component
      (import "b" (type $a (sub resource)))
      (import "[constructor]a" (func (result (own $a)))))`);
    expect(wrong.reason).toBe('import name `[constructor]a` is not valid: function does not match expected resource name `b`');
    const noResult = await errorOf('(component (import "[constructor]a" (func)))');
    expect(noResult.reason).toContain('function should return one value');
    const notFunc = await errorOf('(component (import "[method]a.b" (instance)))');
    expect(notFunc.reason).toContain('is not a func');
    const unnamed = await errorOf(`(component
      (import "i" (instance $i (export "t" (type (sub resource)))))
      (alias export $i "t" (type $t))
      (import "[method]t.foo" (func (param "self" (borrow $t)))))`);
    expect(unnamed.reason).toContain('resource used in function does not have a name in this context');
  });

  it('a version suffix must complete a full version', async () => {
    const bytes = await parse('(component (import "a:b/c@1" (versionsuffix ".2") (instance)))');
    expect(() => validateComponent(bytes)).toThrow(/invalid interface version `1\.2`/);
  });
});

describe('canonical options and indices', () => {
  it('task.return options', async () => {
    const err = await errorOf('(component (core func (canon task.return (result u32) async)))');
    expect(err.reason).toBe('cannot specify `async` option on `task.return`');
    const cb = await errorOf(`(component
      (core func $f (canon backpressure.inc))
      (core func (canon task.return (result u32) (callback $f))))`);
    expect(cb.reason).toBe('cannot specify callback without async');
  });

  it('unknown indices name their index space', async () => {
    expect((await errorOf('(component (core instance (instantiate 0)))')).reason).toBe('unknown module 0: module index out of bounds');
    expect((await errorOf('(component (instance (instantiate 0)))')).reason).toBe('unknown component 0: component index out of bounds');
  });
});

describe('malformed binaries', () => {
  const pre = '"\\00asm\\0d\\00\\01\\00"';
  const cases: [string, string, string, number][] = [
    ['bad section id', '"\\0d\\00"', 'malformed section id 13', 8],
    ['truncated section', '"\\07\\03\\00"', 'unexpected end-of-file: the section claims 3 bytes but only 1 remain', 9],
    ['core instance tag', '"\\02\\04\\01\\02\\00\\00"', 'invalid leading byte (0x2) for core instance', 11],
    ['alias target', '"\\06\\05\\01\\03\\03\\00\\00"', 'invalid leading byte (0x3) for alias', 12],
    ['outer alias of an instance', '"\\06\\05\\01\\05\\02\\00\\00"', 'invalid leading byte (0x5) for component outer alias kind', 11],
    ['named function results', '"\\07\\05\\01\\40\\00\\01\\01"', 'invalid leading byte (0x1) for number of results', 14],
    ['canonical option', '"\\08\\06\\01\\01\\00\\00\\01\\0a"', 'invalid leading byte (0xa) for canonical option', 15],
    ['boolean immediate', '"\\08\\03\\01\\0c\\02"', 'invalid boolean value', 12],
  ];
  for (const [name, body, reason, offset] of cases) {
    it(name, async () => {
      const err = await errorOf(`(component binary ${pre} ${body})`);
      expect(err.kind).toBe('malformed');
      expect(err.reason).toContain(reason);
      expect(err.offset).toBe(offset);
    });
  }
});
