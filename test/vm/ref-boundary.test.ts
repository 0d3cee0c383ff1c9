// References at the JS boundary against Node 26's V8 (ref-boundary-cases.ts: every way a JS value becomes a
// reference, every reference type, a table of JS values; ref-boundary-recorded.json: what V8 did).
import { describe, expect, it } from 'vitest';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { gc } from '../../src/gc/index.js';
import { Exception, Global, Instance, LinkError, Module, Table, type Imports } from '../../src/index.js';
import { runCases } from './ref-boundary-cases.js';
import type { Api } from './ref-boundary-cases.js';
import { RERECORD, binaries, casesHash, readRecording } from './ref-boundary-record.js';

/** Cases where purewasm keeps to another answer than V8's, by operation and value name, with the reason. */
const KEPT_DIFFERENCES: Readonly<Record<string, string>> = {};

describe('references at the JS boundary, as Node 26 (V8 with GC) converts them', () => {
  it('the recording is of the current cases', () => {
    expect(readRecording().cases, `the cases changed: re-record with ${RERECORD}`).toBe(casesHash());
  });

  it('every case has V8\'s outcome (a value back, which one, or a TypeError)', async () => {
    const recording = readRecording();
    const { main, other } = await binaries();
    const api = { Module: class extends Module { constructor(bytes: Uint8Array) { super(bytes, { gc }); } }, Instance, Global, Table } as unknown as Api;
    const { valueNames, outcomes } = runCases(api, main, other);
    expect(valueNames).toEqual(recording.valueNames);
    expect(Object.keys(outcomes)).toEqual(Object.keys(recording.outcomes));
    const differences: string[] = [];
    for (const [op, expected] of Object.entries(recording.outcomes)) {
      expected.forEach((v8, i) => {
        const key = expected.length === 1 ? op : `${op}: ${valueNames[i]}`;
        const ours = outcomes[op][i];
        if (ours !== v8 && KEPT_DIFFERENCES[key] === undefined) differences.push(`${key}: V8 ${v8}, purewasm ${ours}`);
      });
    }
    expect(differences).toEqual([]);
  });

  it('a refused value is a TypeError saying what was expected and what came, named by where it was going', async () => {
    const bytes = await parse(`(module (type $f (func)) (type $g (func (param i32)))
      (import "env" "make" (func $make (result (ref $f))))
      (func (export "call") (result (ref $f)) (call $make))
      (func (export "take") (param i31ref))
      (func (export "g") (type $g))
      (global (export "glob") (mut (ref null $f)) (ref.null $f)))`);
    let made: unknown = null;
    const x = new Instance(new Module(bytes), { env: { make: () => made } }).exports as Record<string, any>;
    made = x.g;
    expect(() => x.call()).toThrow(new TypeError('host function env.make, result: expected (ref 0), got a wasm value of another type'));
    made = null;
    expect(() => x.call()).toThrow(new TypeError('host function env.make, result: expected (ref 0), got null'));
    expect(() => x.take('x')).toThrow(new TypeError('export "take", argument 0: expected i31ref, got string'));
    expect(() => x.take(2 ** 30)).toThrow(new TypeError('export "take", argument 0: expected i31ref, got number'));
    expect(() => (x.glob.value = () => 0)).toThrow(new TypeError('expected (ref null 0), got function'));
  });

  it('a JS value imported as a global of a type that does not hold it is a LinkError naming the import', async () => {
    const bytes = await parse('(module (import "env" "g" (global i31ref)))');
    // (Imports types a global's value as a number or bigint; the JS API takes any value for a reference global)
    const instantiate = (g: unknown) => new Instance(new Module(bytes), { env: { g } } as unknown as Imports);
    expect(() => instantiate('x')).toThrow(LinkError);
    expect(() => instantiate('x')).toThrow('incompatible import type for "env" "g": expected i31ref, got string');
    expect(() => instantiate(5)).not.toThrow();
  });

  it('an exception made in JS converts its payload to the tag\'s types, a module\'s concrete ones too', async () => {
    // (Node 26 on the same module: a struct of $s is taken and given back by getArg; a struct of $t, null and
    // 5 are TypeErrors)
    const bytes = await parse(`(module (type $s (struct (field i32))) (type $t (struct (field i64)))
      (tag (export "tag") (param (ref $s)))
      (func (export "s") (result (ref $s)) (struct.new_default $s))
      (func (export "t") (result (ref $t)) (struct.new_default $t)))`);
    const x = new Instance(new Module(bytes, { gc }), {}).exports as Record<string, any>;
    const s = x.s();
    expect(new Exception(x.tag, [s]).getArg(x.tag, 0)).toBe(s);
    for (const v of [x.t(), null, 5]) expect(() => new Exception(x.tag, [v])).toThrow(TypeError);
  });
});
