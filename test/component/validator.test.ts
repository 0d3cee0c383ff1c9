// Component validator: valid components are accepted, and each kind of invalid input is rejected with
// an 'invalid' CompileError. Binaries are built from text with wasm-tools (jco-transpile `parse`), which
// encodes without validating.
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, it } from 'vitest';
import { validateComponent, validateComponentInfo } from '../../src/component/validate.js';
import { CompileError } from '../../src/decoder/errors.js';
import { gc } from '../../src/gc/index.js';
import { thrownBy } from '../component-runtime/helpers.js';

// With the GC pack, which carries the GC ABI's signature check (`canon … gc`): see the test of its refusal below.
async function check(text: string): Promise<CompileError | undefined> {
  const bytes = await parse(text);
  try {
    validateComponent(bytes, { gc });
    return undefined;
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
}

const M = `(core module $m
  (memory (export "mem") 1)
  (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable)
  (func (export "f") (param i32 i32) (result i32) unreachable)
  (func (export "g") (param i32) (result i32) unreachable)
  (func (export "v")))
  (core instance $i (instantiate $m))`;

const valid: [string, string][] = [
  ['empty component', '(component)'],
  ['lift with memory and realloc', `(component ${M} (func (export "f") (param "s" string) (result u32) (canon lift (core func $i "f") (memory $i "mem") (realloc (func $i "realloc")))))`],
  ['lower of an import', `(component ${M} (import "h" (func $h (param "x" u32) (result u32))) (core func (canon lower (func $h))))`],
  ['resources with methods', `(component
    (import "r" (type $r (sub resource)))
    (import "[constructor]r" (func (result (own $r))))
    (import "[method]r.get" (func (param "self" (borrow $r)) (result u32)))
    (import "[static]r.make" (func (result (own $r)))))`],
  ['resource defined and re-exported', `(component ${M}
    (type $r (resource (rep i32)))
    (core func $new (canon resource.new $r))
    (export $r2 "r" (type $r))
    (func (export "[constructor]r") (param "x" u32) (result (own $r2)) (canon lift (core func $i "g"))))`],
  ['instantiate a nested component with a resource argument', `(component
    (import "r" (type $r (sub resource)))
    (component $c (import "x" (type (sub resource))))
    (instance (instantiate $c (with "x" (type $r)))))`],
  ['core instantiation with arguments', `(component
    (core module $a (func (export "f")))
    (core module $b (import "a" "f" (func)))
    (core instance $ia (instantiate $a))
    (core instance (instantiate $b (with "a" (instance $ia)))))`],
  ['interface-named instance import and alias', `(component
    (import "wasi:cli/stdout@0.2.0" (instance $s (export "get" (func (result u32)))))
    (alias export $s "get" (func $g))
    (export "get" (func $g)))`],
  ['implements on a plain-named instance', '(component (import "a" (implements "a:b/c") (instance)))'],
  ['memory64 canonical options', `(component
    (core module $m (memory (export "m") i64 1) (func (export "f") (result i64) unreachable)
      (func (export "realloc") (param i64 i64 i64 i64) (result i64) unreachable))
    (core instance $i (instantiate $m))
    (func (result string) (canon lift (core func $i "f") (memory $i "m") (realloc (func $i "realloc")))))`],
  ['GC ABI lowering', '(component (import "f" (func $f (param "x" (list u8)))) (core type $l (array i8)) (core type $t (func (param (ref $l)))) (core func (canon lower (func $f) gc (core-type $t))))'],
  ['async lift with callback', `(component
    (core module $m (func (export "f") (param i32) (result i32) unreachable) (func (export "cb") (param i32 i32 i32) (result i32) unreachable))
    (core instance $i (instantiate $m))
    (func async (param "a" u32) (canon lift (core func $i "f") async (callback (func $i "cb")))))`],
];

const invalid: [string, string][] = [
  ['empty record', '(component (type (record)))'],
  ['empty variant', '(component (type (variant)))'],
  ['empty enum', '(component (type (enum)))'],
  ['too many flags', `(component (type (flags ${Array.from({ length: 33 }, (_, i) => `"f${i}"`).join(' ')})))`],
  ['duplicate field names (case-insensitive)', '(component (type (record (field "a-b" u8) (field "A-B" u8))))'],
  ['label not in kebab case', '(component (type (enum "NotKebab")))'],
  ['own of a non-resource', '(component (type $t u8) (type (own $t)))'],
  ['borrow in a function result', '(component (type $r (resource (rep i32))) (type (func (result (borrow $r)))))'],
  ['type index out of bounds', '(component (type (list 5)))'],
  ['duplicate import names', '(component (import "a" (func)) (import "a" (func)))'],
  ['import name not kebab case', '(component (import "Foo" (func)))'],
  ['bad interface version', '(component (import "a:b/c@1.x" (func)))'],
  ['constructor returning the wrong type', '(component (import "r" (type $r (sub resource))) (import "[constructor]r" (func (result u32))))'],
  ['method without self', '(component (import "r" (type $r (sub resource))) (import "[method]r.m" (func)))'],
  ['annotated name of an unknown resource', '(component (import "[static]q.m" (func)))'],
  ['lift needing memory without it', `(component ${M} (func (param "s" string) (result u32) (canon lift (core func $i "f"))))`],
  ['lift needing realloc without it', `(component ${M} (func (param "s" string) (result u32) (canon lift (core func $i "f") (memory $i "mem"))))`],
  ['lift with a wrong core signature', `(component ${M} (func (param "a" u32) (canon lift (core func $i "f"))))`],
  ['realloc with a wrong signature', `(component ${M} (func (param "s" string) (result u32) (canon lift (core func $i "f") (memory $i "mem") (realloc (func $i "g")))))`],
  ['duplicate canon options', `(component ${M} (func (param "s" string) (result u32) (canon lift (core func $i "f") (memory $i "mem") (memory $i "mem") (realloc (func $i "realloc")))))`],
  ['conflicting string encodings', `(component ${M} (func (canon lift (core func $i "v") string-encoding=utf8 string-encoding=utf16)))`],
  ['post-return on a lowering', `(component ${M} (import "h" (func $h)) (core func (canon lower (func $h) (post-return (func $i "v")))))`],
  ['resource.new of an imported resource', '(component (import "r" (type $r (sub resource))) (core func (canon resource.new $r)))'],
  ['resource defined in a component type', '(component (type (component (type (resource (rep i32))))))'],
  ['destructor with a wrong signature', `(component ${M} (type (resource (rep i32) (dtor (func $i "v")))))`],
  ['missing core instantiation argument', '(component (core module $b (import "a" "f" (func))) (core instance (instantiate $b)))'],
  ['core argument of the wrong type', `(component
    (core module $a (func (export "f") (param i32)))
    (core module $b (import "a" "f" (func)))
    (core instance $ia (instantiate $a))
    (core instance (instantiate $b (with "a" (instance $ia)))))`],
  ['missing component instantiation argument', '(component (component $c (import "x" (func))) (instance (instantiate $c)))'],
  ['component argument of the wrong type', '(component (import "f" (func $f (param "a" u32))) (component $c (import "x" (func))) (instance (instantiate $c (with "x" (func $f)))))'],
  ['alias of a missing export', '(component (import "i" (instance $i)) (alias export $i "nope" (func)))'],
  ['alias of an export with the wrong sort', '(component (import "i" (instance $i (export "f" (func)))) (alias export $i "f" (component)))'],
  ['outer alias count too large', '(component binary "\\00asm\\0d\\00\\01\\00\\06\\05\\01\\03\\02\\05\\00")'],
  ['exported function using an unexported record', `(component ${M}
    (type $rec (record (field "x" u32)))
    (func $f (param "a" $rec) (canon lift (core func $i "g")))
    (export "f" (func $f)))`],
  ['start function arity', `(component ${M} (import "f" (func $f (param "a" u32))) (start $f))`],
  ['invalid nested core module', '(component (core module (func (result i32))))'],
  ['implements on a function', '(component (import "a" (implements "a:b/c") (func)))'],
  ['implements that is not an interface', '(component (import "a" (implements "not-an-interface") (instance)))'],
  ['GC ABI lowering into the wrong core type', '(component (import "f" (func $f (param "x" bool))) (core type $t (func (param anyref))) (core func (canon lower (func $f) gc (core-type $t))))'],
  ['async option on a sync function type', `(component
    (core module $m (func (export "f") (param i32)))
    (core instance $i (instantiate $m))
    (func (param "a" u32) (canon lift (core func $i "f") async)))`],
  ['stream<char>', '(component (type (stream char)))'],
  ['two imports of one instance type do not share resources', `(component
    (type $I (instance (export "r" (type $r (sub resource))) (export "f" (func (result (own $r))))))
    (import "i1" (instance $i1 (type $I)))
    (import "i2" (instance $i2 (type $I)))
    (component $C (import "r" (type $r (sub resource))) (import "f" (func (result (own $r)))))
    (instance (instantiate $C (with "r" (type $i1 "r")) (with "f" (func $i2 "f")))))`],
  ['nested names without the option', '(component (import "a:b:c/d" (func)))'],
];

describe('component validator', () => {
  for (const [name, text] of valid) {
    it(`accepts: ${name}`, async () => {
      expect(await check(text)).toBeUndefined();
    });
  }
  for (const [name, text] of invalid) {
    it(`rejects: ${name}`, async () => {
      const err = await check(text);
      expect(err, name).toBeInstanceOf(CompileError);
    });
  }

  it('reports the section and offset of the failure', async () => {
    const err = await check('(component (type (record)))');
    expect(err?.kind).toBe('invalid');
    expect(err?.section).toBe('component type');
    expect(err?.offset).toBeGreaterThan(8);
  });

  it('accepts nested names with the nestedNames option', async () => {
    const bytes = await parse('(component (import "a:b:c/d/e" (func)))');
    expect(() => validateComponent(bytes)).toThrow(CompileError);
    expect(() => validateComponent(bytes, { nestedNames: true })).not.toThrow();
  });

  it('refuses the GC ABI without the GC pack, naming the definition, its offset and the fix', async () => {
    const lower = '(component (import "f" (func $f (param "x" (list u8)))) (core type $l (array i8)) (core type $t (func (param (ref $l)))) (core func (canon lower (func $f) gc (core-type $t))))';
    const lift = '(component (core module $m (func (export "f"))) (core instance $i (instantiate $m)) (func (canon lift (core func $i "f") gc)))';
    for (const [text, kind] of [[lower, 'lower'], [lift, 'lift']]) {
      const bytes = await parse(text);
      const err = thrownBy(() => validateComponent(bytes));
      expect(err).toBeInstanceOf(CompileError);
      const e = err as CompileError;
      expect(e.kind).toBe('invalid');
      expect(e.section).toBe('canon');
      expect(e.reason).toBe(`canon ${kind} gc at offset 0x${e.offset.toString(16)} needs the GC pack: new Component(bytes, { gc }) with import { gc } from 'purewasm/gc'`);
      expect(() => validateComponent(bytes, { gc })).not.toThrow();
    }
  });

  it('returns the component type', async () => {
    const info = validateComponentInfo(await parse('(component (import "a" (func (param "x" u32))) (export "b" (func 0)))'));
    expect([...info.type.imports.keys()]).toEqual(['a']);
    expect([...info.type.exports.keys()]).toEqual(['b']);
  });
});
