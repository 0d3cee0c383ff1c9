// A small driver for component .wast scripts over ComponentScript (the contract the spec runner can use):
// component / component definition / component instance, invoke, assert_return, assert_trap,
// assert_unlinkable. Core-module-only and validation directives are left to the spec runner.
import { readFileSync } from 'node:fs';
import { ComponentScript, LinkError, Trap, type ComponentInstance } from '../../src/component/runtime/index.js';
import { COMPONENT_PACKS } from '../packs.js';
import type { Component } from '../../src/component/runtime/index.js';
import { readCommands, type Action, type ModuleForm } from '../../spec-tests/wast/commands.js';
import { parseSExprs } from '../../spec-tests/wast/sexpr.js';
import { componentValue, componentValueEquals } from '../../spec-tests/component-values.js';
import type { ScriptValue } from '../../src/component/runtime/script.js';

export interface WastTally {
  pass: number;
  fail: number;
  skip: number;
  failures: string[];
}

let parseFn: ((t: string) => Promise<Uint8Array>) | undefined;
async function toBinary(form: ModuleForm): Promise<Uint8Array> {
  if (form.bytes !== undefined) return form.bytes;
  if (parseFn === undefined) parseFn = (await import('@bytecodealliance/jco-transpile/wasm-tools')).parse as (t: string) => Promise<Uint8Array>;
  return parseFn(form.text);
}

export async function runComponentWast(path: string): Promise<WastTally> {
  const src = readFileSync(path, 'utf8');
  const cmds = readCommands(parseSExprs(src), src);
  const t: WastTally = { pass: 0, fail: 0, skip: 0, failures: [] };
  const script = new ComponentScript({ validate: COMPONENT_PACKS });
  const defs = new Map<string, Component>();
  const insts = new Map<string, ComponentInstance>();
  let current: ComponentInstance | undefined;
  let currentBroken: string | undefined;
  const line = (at: number) => src.slice(0, at).split('\n').length;
  const fail = (at: number, msg: string) => {
    t.fail++;
    t.failures.push(`${path.replace(/.*\/spec\/component\//, '')}:${line(at)}: ${msg}`);
  };
  const target = (a: Action): ComponentInstance | undefined => (a.module !== undefined ? insts.get(a.module) : current);
  const invoke = (a: Action): ScriptValue | undefined => {
    const inst = target(a);
    if (inst === undefined) throw new Error(`no instance (${currentBroken ?? 'none defined'})`);
    return script.invoke(inst, a.name, a.args.map(componentValue) as ScriptValue[]);
  };
  for (const c of cmds) {
    try {
      switch (c.type) {
        case 'module': {
          if (c.form.layer !== 'component') {
            current = undefined;
            currentBroken = 'core module';
            continue;
          }
          let comp: Component;
          try {
            comp = script.compile(await toBinary(c.form));
          } catch (e) {
            current = undefined;
            currentBroken = `compile: ${(e as Error).message}`;
            fail(c.start, currentBroken);
            continue;
          }
          if (c.form.definition) {
            if (c.form.id !== undefined) defs.set(c.form.id, comp);
            t.pass++;
            continue;
          }
          try {
            current = script.instantiate(comp);
            currentBroken = undefined;
            if (c.form.id !== undefined) {
              insts.set(c.form.id, current);
              // wasmtime's runner makes a named instance importable under its name without the `$`.
              script.register(c.form.id.replace(/^\$/, ''), current);
            }
            t.pass++;
          } catch (e) {
            current = undefined;
            currentBroken = `instantiate: ${(e as Error).message}`;
            fail(c.start, currentBroken);
          }
          continue;
        }
        case 'module instance': {
          if (c.layer !== 'component') continue;
          const d = c.def === undefined ? undefined : defs.get(c.def);
          if (d === undefined) {
            fail(c.start, `unknown definition ${c.def}`);
            continue;
          }
          try {
            current = script.instantiate(d);
            if (c.id !== undefined) insts.set(c.id, current);
            t.pass++;
          } catch (e) {
            current = undefined;
            currentBroken = `instantiate: ${(e as Error).message}`;
            fail(c.start, currentBroken);
          }
          continue;
        }
        case 'register': {
          const inst = c.module !== undefined ? insts.get(c.module) : current;
          if (inst !== undefined) script.register(c.as, inst);
          continue;
        }
        case 'invoke':
          invoke(c.action);
          t.pass++;
          continue;
        case 'assert_return': {
          const got = invoke(c.action);
          const want = c.expected.map(componentValue);
          const ok = want.length === 0 ? got === undefined : want.length === 1 && componentValueEquals(got as never, want[0]);
          if (ok) t.pass++;
          else fail(c.start, `assert_return ${c.action.name}: got ${show(got)}, want ${show(want)}`);
          continue;
        }
        case 'assert_trap': {
          if (c.action === undefined) {
            // (assert_trap (component ...) "msg"): instantiation must trap
            if (c.form === undefined || c.form.layer !== 'component') {
              t.skip++;
              continue;
            }
            try {
              script.instantiate(script.compile(await toBinary(c.form)));
              fail(c.start, `expected instantiation trap "${c.message}"`);
            } catch (e) {
              if (e instanceof Trap) t.pass++;
              else fail(c.start, `expected trap "${c.message}", got ${(e as Error).name}: ${(e as Error).message}`);
            }
            continue;
          }
          try {
            invoke(c.action);
            fail(c.start, `expected trap "${c.message}"`);
          } catch (e) {
            if (e instanceof Trap) t.pass++;
            else fail(c.start, `expected trap "${c.message}", got ${(e as Error).name}: ${(e as Error).message}`);
          }
          continue;
        }
        case 'assert_unlinkable': {
          if (c.form.layer !== 'component') continue;
          try {
            script.instantiate(script.compile(await toBinary(c.form)));
            fail(c.start, 'expected unlinkable');
          } catch (e) {
            if (e instanceof LinkError) t.pass++;
            else fail(c.start, `expected LinkError, got ${(e as Error).name}: ${(e as Error).message}`);
          }
          continue;
        }
        default:
          continue;
      }
    } catch (e) {
      fail(c.start, `${c.type}: ${(e as Error).name}: ${(e as Error).message}`);
    }
  }
  return t;
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
}
