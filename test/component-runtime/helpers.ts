// Shared helpers for component runtime tests: fixture loading and component text → binary.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Component } from '../../src/component/runtime/index.js';
import { componentAsync, componentMemory64 } from '../packs.js';

export const JCO = join(__dirname, '../../../shared/fixtures/components/jco');

export function loadComponent(rel: string): Component {
  return new Component(readFileSync(join(JCO, rel)), { componentAsync, componentMemory64 });
}

/** A component-text fragment: resource type $R (rep i32) whose destructor counts its runs in core instance $d's
 *  global "n", and its core builtins $new, $drop and $rep. */
export const COUNTED_RESOURCE = `  (core module $dtorm
    (global $n (export "n") (mut i32) (i32.const 0))
    (func (export "dtor") (param i32) (global.set $n (i32.add (global.get $n) (i32.const 1)))))
  (core instance $d (instantiate $dtorm))
  (alias core export $d "dtor" (core func $dtor))
  (type $R (resource (rep i32) (dtor (func $dtor))))
  (core func $new (canon resource.new $R))
  (core func $drop (canon resource.drop $R))
  (core func $rep (canon resource.rep $R))`;

export async function wat(text: string): Promise<Component> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return new Component(await parse(text), { componentAsync, componentMemory64 });
}

/** What `f` throws (undefined when it returns): for tests that look at an error's fields. */
export function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

interface Expectations {
  components: { file: string; steps: Record<string, unknown>[] }[];
}
export function expectationsFor(file: string): { file: string; steps: Record<string, unknown>[] } {
  const all = JSON.parse(readFileSync(join(JCO, 'expectations.json'), 'utf8')) as Expectations;
  const e = all.components.find((c) => c.file === file);
  if (e === undefined) throw new Error(`no expectations for ${file}`);
  return e;
}
