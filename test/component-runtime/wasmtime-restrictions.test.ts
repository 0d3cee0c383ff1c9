// Forms the component model allows but wasmtime's embedder refuses: purewasm's Linker runs them (or says
// clearly why it cannot link), and the wasmtime test host refuses them at compile time with wasmtime's words.
import { describe, expect, it } from 'vitest';
import { CompileError, LinkError, Linker } from '../../src/index.js';
import { ComponentScript } from '../../src/component/runtime/index.js';
import { wat } from './helpers.js';

const FIVE = `
(component
  (core module $m (func (export "f") (result i32) (i32.const 5)))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))`;

const IMPORTS_COMPONENT = `
(component
  (import "x" (component $x (export "f" (func (result u32)))))
  (instance $i (instantiate $x))
  (export "f" (func $i "f")))`;

const EXPORTS_COMPONENT = '(component (component $c) (export "c" (component $c)))';

const REEXPORTS_IMPORT = '(component (import "f" (func $f (result u32))) (export "x" (func $f)))';

// The imported function reaches the root export through an alias of an imported instance and a bundle.
const REEXPORTS_IN_BUNDLE = `
(component
  (import "i" (instance $i (export "g" (func (result u32)))))
  (alias export $i "g" (func $g))
  (instance $b (export "inner" (func $g)))
  (export "b" (instance $b)))`;

describe('through the Linker (no embedder restrictions)', () => {
  it('a root-level component import is instantiated by the importer', async () => {
    const c = await wat(IMPORTS_COMPONENT);
    const linker = new Linker();
    linker.component('x', await wat(FIVE));
    expect(linker.instantiate(c).exports.func('f').call([])).toBe(5);
  });

  it('a missing or mistyped component import is a LinkError naming the import', async () => {
    const c = await wat(IMPORTS_COMPONENT);
    expect(() => new Linker().instantiate(c)).toThrow(/missing import `x`/);
    const wrong = new Linker();
    wrong.component('x', await wat('(component)'));
    expect(() => wrong.instantiate(c)).toThrow(LinkError);
    expect(() => wrong.instantiate(c)).toThrow(/import `x` has the wrong type: missing expected export `f`/);
  });

  it('a component exported from the root is an export of kind component', async () => {
    const inst = new Linker().instantiate(await wat(EXPORTS_COMPONENT));
    expect(inst.exports.names()).toEqual(['c']);
    expect(inst.exports.raw.exports.get('c')?.kind).toBe('component');
  });

  it('a re-exported imported function calls the host function', async () => {
    const linker = new Linker();
    linker.func('f', () => 7);
    expect(linker.instantiate(await wat(REEXPORTS_IMPORT)).exports.func('x').call([])).toBe(7);
  });
});

describe('ComponentScript with wasmtime restrictions', () => {
  const refused = async (text: string): Promise<CompileError> => {
    const bytes = (await wat(text)).bytes;
    expect(() => new ComponentScript().compile(bytes)).not.toThrow();
    try {
      new ComponentScript({ wasmtimeRestrictions: true }).compile(bytes);
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      return e as CompileError;
    }
    throw new Error('compiled although wasmtime refuses it');
  };

  it('refuses root-level component imports', async () => {
    expect((await refused(IMPORTS_COMPONENT)).reason).toBe('root-level component imports are not supported');
  });

  it('refuses exporting a component from the root', async () => {
    expect((await refused(EXPORTS_COMPONENT)).reason).toBe('exporting a component from the root component is not supported');
  });

  it('refuses a root export that is an imported function, directly or in an exported bundle', async () => {
    expect((await refused(REEXPORTS_IMPORT)).reason).toBe('component export `x` is a reexport of an imported function which is not implemented');
    expect((await refused(REEXPORTS_IN_BUNDLE)).reason).toBe('component export `inner` is a reexport of an imported function which is not implemented');
  });

  it('accepts lifted exports, nested component definitions and re-exported imported instances', async () => {
    const s = new ComponentScript({ wasmtimeRestrictions: true });
    for (const text of [FIVE, '(component (component $c) (instance (instantiate $c)))', '(component (import "h" (instance $i)) (export "i" (instance $i)))']) {
      const bytes = (await wat(text)).bytes;
      expect(() => s.compile(bytes)).not.toThrow();
    }
  });
});
