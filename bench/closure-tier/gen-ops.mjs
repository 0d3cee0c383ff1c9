// Writes the i32 superinstruction table of compile.ts (between its BEGIN/END GENERATED markers): for each i32
// binary operation, one closure per operand shape (n: a child closure, l: a local, k: a constant) and per
// consumer (a value; a `local.set` statement; for compares, a `br_if` and an `if`), so a fused node makes no call for a
// local or constant operand and none for its consumer. Source generated once at development time (no eval
// at run time: the premise of the experiment). Run: node bench/closure-tier/gen-ops.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const F = new URL('./compile.ts', import.meta.url);
const U = '-2147483648';
// name → [expression of a and b, is a compare (a JS boolean)]
const OPS = {
  'i32.add': [(a, b) => `(${a} + ${b}) | 0`, false],
  'i32.sub': [(a, b) => `(${a} - ${b}) | 0`, false],
  'i32.mul': [(a, b) => `Math.imul(${a}, ${b})`, false],
  'i32.and': [(a, b) => `${a} & ${b}`, false],
  'i32.or': [(a, b) => `${a} | ${b}`, false],
  'i32.xor': [(a, b) => `${a} ^ ${b}`, false],
  'i32.shl': [(a, b) => `${a} << ${b}`, false],
  'i32.shr_u': [(a, b) => `(${a} >>> ${b}) | 0`, false],
  'i32.shr_s': [(a, b) => `${a} >> ${b}`, false],
  'i32.eq': [(a, b) => `${a} === ${b}`, true],
  'i32.ne': [(a, b) => `${a} !== ${b}`, true],
  'i32.lt_s': [(a, b) => `${a} < ${b}`, true],
  'i32.gt_s': [(a, b) => `${a} > ${b}`, true],
  'i32.le_s': [(a, b) => `${a} <= ${b}`, true],
  'i32.ge_s': [(a, b) => `${a} >= ${b}`, true],
  // unsigned compares flip the sign bits and compare signed (no heap number for x >>> 0 >= 2^31 without a JIT)
  'i32.lt_u': [(a, b) => `(${a} ^ ${U}) < (${b} ^ ${U})`, true],
  'i32.gt_u': [(a, b) => `(${a} ^ ${U}) > (${b} ^ ${U})`, true],
  'i32.le_u': [(a, b) => `(${a} ^ ${U}) <= (${b} ^ ${U})`, true],
  'i32.ge_u': [(a, b) => `(${a} ^ ${U}) >= (${b} ^ ${U})`, true],
};
// shape → [parameters, first operand, second operand]
const SHAPES = {
  nn: ['x: E, y: E', 'x()', 'y()'],
  lk: ['j: number, c: number', 'L[j]', 'c'],
  ll: ['j: number, k: number', 'L[j]', 'L[k]'],
  nk: ['x: E, c: number', 'x()', 'c'],
  nl: ['x: E, k: number', 'x()', 'L[k]'],
};
const lines = [];
for (const [name, [f, cmp]] of Object.entries(OPS)) {
  const forms = [];
  for (const [shape, [params, a, b]] of Object.entries(SHAPES)) {
    const e = f(a, b);
    const value = cmp ? `(${e} ? 1 : 0)` : e;
    forms.push(`${shape}: (${params}): E => () => ${value}`);
    forms.push(`set_${shape}: (d: number, ${params}): St => () => { L[d] = ${value}; return 0; }`);
    if (cmp) forms.push(`br_${shape}: (s: number, ${params}): St => () => (${e} ? s : 0)`);
    if (cmp) forms.push(`if_${shape}: (t: St, f: St, ${params}): St => () => { const r = ${e} ? t() : f(); return r > 0 ? r - 1 : 0; }`);
  }
  lines.push(`    '${name}': {\n      ${forms.join(',\n      ')},\n    },`);
}
const text = readFileSync(F, 'utf8');
const begin = text.indexOf('// BEGIN GENERATED');
const end = text.indexOf('  // END GENERATED');
const head = text.slice(0, text.indexOf('\n', begin) + 1);
writeFileSync(F, head + lines.join('\n') + '\n' + text.slice(end));
