// References at the JS boundary: every way a JS value becomes a wasm reference (an exported function's
// argument, a host function's result, an exported Global's value, an exported Table's set and grow, a
// Global and a Table made from JS) for every reference type against a table of JS values, and what comes
// back to JS. `runCases` runs them on a WebAssembly-like API and says per case what happened; Node 26's V8
// (the JS API with GC and typed function references) is the oracle whose answers ref-boundary-recorded.json
// keeps (ref-boundary-record.ts records them, ref-boundary.test.ts compares purewasm with them).
// No imports: the recorder bundles this file into a script the oracle runs as is.

/** The reference types tried: [name in export names, WAT text, a constant of the type (null: uninhabited)]. */
export const REF_TYPES: readonly (readonly [string, string, string | null])[] = [
  ['anyref', 'anyref', '(ref.null any)'],
  ['(ref any)', '(ref any)', '(ref.i31 (i32.const 7))'],
  ['eqref', 'eqref', '(ref.null eq)'],
  ['(ref eq)', '(ref eq)', '(ref.i31 (i32.const 7))'],
  ['i31ref', 'i31ref', '(ref.null i31)'],
  ['(ref i31)', '(ref i31)', '(ref.i31 (i32.const 7))'],
  ['structref', 'structref', '(ref.null struct)'],
  ['(ref struct)', '(ref struct)', '(struct.new_default $s)'],
  ['arrayref', 'arrayref', '(ref.null array)'],
  ['(ref array)', '(ref array)', '(array.new_default $a (i32.const 1))'],
  ['nullref', 'nullref', '(ref.null none)'],
  ['(ref none)', '(ref none)', null],
  ['(ref null $s)', '(ref null $s)', '(ref.null $s)'],
  ['(ref $s)', '(ref $s)', '(struct.new_default $s)'],
  ['(ref null $ssub)', '(ref null $ssub)', '(ref.null $ssub)'],
  ['(ref null $a)', '(ref null $a)', '(ref.null $a)'],
  ['funcref', 'funcref', '(ref.null func)'],
  ['(ref func)', '(ref func)', '(ref.func $ff)'],
  ['nullfuncref', 'nullfuncref', '(ref.null nofunc)'],
  ['(ref null $f)', '(ref null $f)', '(ref.null $f)'],
  ['(ref $f)', '(ref $f)', '(ref.func $ff)'],
  ['(ref null $fsub)', '(ref null $fsub)', '(ref.null $fsub)'],
  ['(ref null $g)', '(ref null $g)', '(ref.null $g)'],
  ['externref', 'externref', '(ref.null extern)'],
  ['(ref extern)', '(ref extern)', '(extern.convert_any (ref.i31 (i32.const 7)))'],
  ['nullexternref', 'nullexternref', '(ref.null noextern)'],
];

/** The types the JS API names in Global and Table descriptors (V8 with GC: the nullable abstract ones). */
export const DESCRIPTOR_TYPES: readonly string[] = ['anyref', 'eqref', 'i31ref', 'structref', 'arrayref', 'externref', 'anyfunc'];

// $f is open to subtypes ($fsub); the other module defines $f again (canonically the same type) and a final
// twin $f2 (not the same type: finality is part of a type).
const TYPES = `
  (type $f (sub (func (param i32))))
  (type $fsub (sub $f (func (param i32))))
  (type $g (func (param i64)))
  (type $s (sub (struct (field i32))))
  (type $ssub (sub $s (struct (field i32) (field i32))))
  (type $t (struct (field i64)))
  (type $a (array (mut i8)))`;

/** The module under test: per type T, `p T` (identity), `r T` (calls host function `h` `T`), global
 *  `g T` and table `t T` (when T has values), and makers of the wasm values the cases pass. */
export const MAIN_WAT = `(module ${TYPES}
  ${REF_TYPES.map(([n, t]) => `(import "h" ${JSON.stringify(n)} (func (result ${t})))`).join('\n  ')}
  (import "h" "f" (func $hf (type $f)))
  (export "hf" (func $hf))
  (elem declare func $ff)
  (func $ff (export "ff") (type $f))
  (func (export "ffsub") (type $fsub))
  (func (export "fg") (type $g))
  (func (export "s") (result (ref $s)) (struct.new_default $s))
  (func (export "ssub") (result (ref $ssub)) (struct.new_default $ssub))
  (func (export "t") (result (ref $t)) (struct.new_default $t))
  (func (export "a") (result (ref $a)) (array.new_default $a (i32.const 2)))
  ${REF_TYPES.map(([n, t, init], i) => `(func (export "p ${n}") (param ${t}) (result ${t}) (local.get 0))
  (func (export "r ${n}") (result ${t}) (call ${i}))` + (init === null ? '' : `
  (global (export "g ${n}") (mut ${t}) ${init})
  (table (export "t ${n}") 1 ${t} ${init})`)).join('\n  ')})`;

/** Another module: the same $f and $s (canonically equal to the main module's), and a final $f2. */
export const OTHER_WAT = `(module ${TYPES}
  (type $f2 (func (param i32)))
  (func (export "ff") (type $f))
  (func (export "ff2") (type $f2))
  (func (export "s") (result (ref $s)) (struct.new_default $s)))`;

/** What the cases need of a WebAssembly-like API. */
export interface Api {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, any> };
  Global: new (desc: { value: string; mutable?: boolean }, value?: unknown) => { value: unknown };
  Table: new (desc: { element: string; initial: number }, value?: unknown) => { get(i: number): unknown; set(i: number, v?: unknown): void; grow(n: number, v?: unknown): number };
}

/** The JS values tried, by name (wasm values come from the two modules' exports `x` and `o`). */
function valuesOf(x: Record<string, any>, o: Record<string, any>): [string, unknown][] {
  return [
    ['null', null], ['undefined', undefined], ['0', 0], ['-0', -0], ['1', 1], ['-1', -1],
    ['2**30-1', 2 ** 30 - 1], ['2**30', 2 ** 30], ['-(2**30)', -(2 ** 30)], ['-(2**30)-1', -(2 ** 30) - 1],
    ['1.5', 1.5], ['NaN', NaN], ['Infinity', Infinity], ["'x'", 'x'], ['{}', {}], ['1n', 1n], ['true', true],
    ['struct $s', x.s()], ['struct $ssub', x.ssub()], ['struct $t', x.t()], ['array $a', x.a()], ["other's struct $s", o.s()],
    ['func $f', x.ff], ['func $fsub', x.ffsub], ['func $g', x.fg], ["other's func $f", o.ff], ["other's final func $f2", o.ff2],
    ['imported JS func $f', x.hf], ['JS function', () => 0],
  ];
}

/** What came back for value `v`: `same` (the value itself), a description of another value, or the error's class. */
function outcome(v: unknown, run: () => unknown): string {
  let out: unknown;
  try {
    out = run();
  } catch (e) {
    return e instanceof TypeError ? 'TypeError' : e instanceof RangeError ? 'RangeError' : `error ${String(e)}`;
  }
  if (Object.is(out, v)) return 'same';
  if (out === null || typeof out !== 'object' && typeof out !== 'function') return `${typeof out} ${String(out)}`;
  return `another ${typeof out}`;
}

export type Outcomes = Record<string, string[]>;

/**
 * Runs every case on `api` with the two modules' binaries: by operation and type (`param T`, `result T`,
 * `global T`, `table.set T`, `table.grow T`, `new Global T`, `new Table T`), the outcome per value (in the
 * order of `valueNames`), and the value names; operations marked "(initial)" or "(no value)" have one
 * outcome, of no value given.
 */
export function runCases(api: Api, main: Uint8Array, other: Uint8Array): { valueNames: string[]; outcomes: Outcomes } {
  let current: unknown = null;
  const hostResults: Record<string, () => unknown> = { f: () => {} };
  for (const [n] of REF_TYPES) hostResults[n] = () => current;
  const o = new api.Instance(new api.Module(other), {}).exports;
  const x = new api.Instance(new api.Module(main), { h: hostResults }).exports;
  const values = valuesOf(x, o);
  const outcomes: Outcomes = {};
  const each = (key: string, run: (v: unknown) => unknown): void => {
    outcomes[key] = values.map(([, v]) => outcome(v, () => run(v)));
  };
  for (const [n, , init] of REF_TYPES) {
    each(`param ${n}`, (v) => x[`p ${n}`](v));
    each(`result ${n}`, (v) => ((current = v), x[`r ${n}`]()));
    if (init === null) continue;
    const g = x[`g ${n}`], t = x[`t ${n}`];
    // wasm → JS: the constant each was made with (an i31 as a Number, externalized too; a function as itself)
    outcomes[`global ${n} (initial)`] = [outcome(undefined, () => g.value)];
    outcomes[`table.get ${n} (initial)`] = [outcome(undefined, () => t.get(0))];
    each(`global ${n}`, (v) => ((g.value = v), g.value));
    each(`table.set ${n}`, (v) => (t.set(0, v), t.get(0)));
    each(`table.grow ${n}`, (v) => t.get(t.grow(1, v)));
    // a left-out value is the type's default (externref: undefined), not a conversion of undefined
    outcomes[`table.set ${n} (no value)`] = [outcome(undefined, () => (t.set(0), t.get(0)))];
  }
  for (const n of DESCRIPTOR_TYPES) {
    each(`new Global ${n}`, (v) => new api.Global({ value: n, mutable: true }, v).value);
    each(`new Table ${n}`, (v) => new api.Table({ element: n, initial: 1 }, v).get(0));
    outcomes[`new Global ${n} (no value)`] = [outcome(undefined, () => new api.Global({ value: n }).value)];
  }
  return { valueNames: values.map(([name]) => name), outcomes };
}
