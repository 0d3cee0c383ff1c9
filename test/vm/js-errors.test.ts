// JS values thrown by host functions, in wasm and out of it, as the JS API has them: against Node 26's V8
// (js-errors-cases.ts, recorded in js-errors-recorded.json), in every tier, and what is purewasm's own (its
// errors that no wasm handler may catch, a component's host functions, callAsync).
import { describe, expect, it } from 'vitest';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { Exception, Instance, JSTag, Module, Store, Tag, Trap, callAsync } from '../../src/index.js';
import { jit } from '../../src/jit/index.js';
import { createWebAssembly } from '../../src/polyfill/index.js';
import { UNCATCHABLE } from '../../src/vm/errors.js';
import { WasiExit } from '../../src/wasi/errno.js';
import { ReplayDivergence } from '../../src/replay/trace.js';
import { TraceFormatError } from '../../src/replay/trace-codec.js';
import { runCases, type WebAssemblyLike } from './js-errors-cases.js';
import { CASES, KEPT_DIFFERENCES, RECORDING, RERECORD, binaries } from './js-errors-record.js';
import { casesHash, differencesFrom, readRecording } from './oracle-run.js';

describe('a JS value thrown into wasm, as Node 26 (V8) has it', () => {
  it('the recording is of the current cases', () => {
    expect(readRecording(RECORDING).cases, `the cases changed: re-record with ${RERECORD}`).toBe(casesHash(CASES));
  });

  for (const tier of ['interpreter', 'js', 'auto'] as const) {
    it(`every case has V8's outcome (tier ${tier})`, async () => {
      const { main, legacy } = await binaries();
      const W = createWebAssembly(tier === 'interpreter' ? { tier } : { tier, compiler: jit }) as unknown as WebAssemblyLike;
      const outcomes = await runCases(W, main, legacy);
      expect(differencesFrom(RECORDING, outcomes, KEPT_DIFFERENCES)).toEqual([]);
    });
  }
});

// A function with the handler calls one without (so the JS tier compiles the callee and the error enters
// wasm in compiled code); `rethrow` gives back what catch_all_ref caught.
const MODULE = `(module
  (import "env" "host" (func $host))
  (func $mid (call $host))
  (func (export "catchAll") (result i32)
    (block $h (try_table (catch_all $h) (call $mid)) (return (i32.const 0)))
    (i32.const 1))
  (func (export "direct") (call $host)))`;

describe("purewasm's own errors and hosts", () => {
  async function instance(host: () => unknown, options: { store?: Store; hostErrorsTrap?: boolean } = {}) {
    const module = new Module(await parse(MODULE));
    return new Instance<{ catchAll(): number; direct(): void }>(module, { env: { host } }, options).exports;
  }

  it('JSTag is a Tag whose payload is one externref, and no Exception can be made of it', () => {
    expect(JSTag).toBeInstanceOf(Tag);
    // a module importing it as (tag (param externref)) links; one of another payload does not
    expect(() => new Exception(JSTag, [1])).toThrow(/cannot be JSTag/);
  });

  it('a module links JSTag as a tag of one externref only', async () => {
    const ok = await parse('(module (import "env" "t" (tag (param externref))))');
    const bad = await parse('(module (import "env" "t" (tag (param i32))))');
    expect(() => new Instance(new Module(ok), { env: { t: JSTag } })).not.toThrow();
    expect(() => new Instance(new Module(bad), { env: { t: JSTag } })).toThrow(/env.t|tag/);
  });

  it('a WASI exit, a replay divergence, a bad trace, a trap and a stack overflow pass every catch_all', async () => {
    const errors: [string, unknown][] = [
      ['WasiExit', new WasiExit(3)],
      ['ReplayDivergence', new ReplayDivergence('replay diverged at host call #1', 1, 'env.host')],
      ['TraceFormatError', new TraceFormatError('trace: truncated')],
      ['a marked error', Object.assign(new Error('mine'), { [UNCATCHABLE]: true })],
      ['Trap', new Trap('unreachable')],
    ];
    for (const [name, error] of errors) {
      const x = await instance(() => {
        throw error;
      });
      expect(() => x.catchAll(), name).toThrow(error as Error);
    }
    const overflow = await instance(() => {
      const f = (): unknown => f();
      return f();
    });
    expect(() => overflow.catchAll()).toThrow(/call stack/);
  });

  it("the polyfill's RuntimeError: every trap is one, and one made by JS is caught like any JS value", async () => {
    const { WebAssembly: W } = await import('../../src/polyfill/index.js');
    expect(new Trap('unreachable')).toBeInstanceOf(W.RuntimeError);
    expect(new W.RuntimeError('mine')).toBeInstanceOf(Trap);
    const made = new W.RuntimeError('made by JS');
    expect((await instance(() => {
      throw made;
    })).catchAll()).toBe(1);
    const trap = new Trap('unreachable');
    const x = await instance(() => {
      throw trap;
    });
    expect(() => x.catchAll()).toThrow(trap);
  });

  it('an embedder error (a Promise from a host function outside callAsync) passes catch_all too', async () => {
    const bytes = await parse(`(module (import "env" "r" (func $r (result i32)))
      (func (export "catchAll") (result i32)
        (block $h (try_table (catch_all $h) (return (call $r)))) (i32.const -1)))`);
    const x = new Instance<{ catchAll(): number }>(new Module(bytes), { env: { r: () => Promise.resolve(1) } }).exports;
    expect(() => x.catchAll()).toThrow(/call the export with callAsync/);
  });

  it("a component's core instance (hostErrorsTrap) does not catch its host functions' errors", async () => {
    const error = new Error('host failed');
    const x = await instance(() => {
      throw error;
    }, { hostErrorsTrap: true });
    expect(() => x.catchAll()).toThrow(error);
    const y = await instance(() => {
      throw error;
    });
    expect(y.catchAll()).toBe(1);
  });

  it('in every tier, compiled callees included, the error is caught and the store goes on', async () => {
    for (const tier of ['interpreter', 'js', 'auto'] as const) {
      const store = new Store(tier === 'interpreter' ? { tier } : { tier, compiler: jit });
      let n = 0;
      const x = await instance(() => {
        if (n++ % 2 === 0) throw new TypeError(`call ${n}`);
      }, { store });
      for (let i = 0; i < 40; i++) expect(x.catchAll(), `${tier}, call ${i}`).toBe(i % 2 === 0 ? 1 : 0);
      const error = new Error('uncaught');
      const z = await instance(() => {
        throw error;
      }, { store });
      // with no handler, the JS caller gets the value itself (not an exception wrapping it)
      expect(() => z.direct()).toThrow(error);
    }
  });

  it('callAsync: a rejected async host call is caught by catch_all, an uncaught one rejects with the value', async () => {
    const error = new Error('rejected');
    const x = await instance(() => Promise.reject(error));
    await expect(callAsync(x.catchAll)).resolves.toBe(1);
    await expect(callAsync(x.direct)).rejects.toBe(error);
  });
});
