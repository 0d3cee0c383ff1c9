// Helpers called in loops read from locals, with their constant arguments, and unsigned compares' sign flips
// of loop-invariant variables computed before the loop (src/vm/jstier/loop-locals.ts): the passes' rules on
// statements, and end to end, i64 and i32 products by constants, a square root, a trapping division and
// unsigned compares with a loop's invariant in loops, as Node's WebAssembly computes them.
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store } from '../../src/index.js';
import { compileToJs, jit } from '../../src/jit/index.js';
import { NodeWasm, outcome, wat } from './oracle.js';
import { hoistSignFlips, localizeLoopCalls } from '../../src/vm/jstier/loop-locals.js';

describe('helpers in loops read from locals', () => {
  it('rewrites calls inside loops, nested ones included, and their integer-literal arguments; binds each helper once', () => {
    const lines = ['x = Math.imul(L1, 7);', 'B1: for (;;) {', 'L1 = (Math.imul(L1, (-3)) + Math.imul(L2, 3)) | 0;',
      'L3 = rt.f2b(Math.sqrt(rt.b2f(L3)));', 'if (!L1) break B1;', '}', 'y = Math.imul(L1, 7);'];
    const bound: string[] = [];
    const decls = localizeLoopCalls(lines, (name, init) => bound.push(`${name} = ${init}`));
    expect(lines[0]).toBe('x = Math.imul(L1, 7);');
    expect(lines[2]).toBe('L1 = (_Math_imul(L1, Km3) + _Math_imul(L2, K3)) | 0;');
    expect(lines[3]).toBe('L3 = _rt_f2b(_Math_sqrt(_rt_b2f(L3)));');
    expect(lines[6]).toBe('y = Math.imul(L1, 7);');
    expect(decls).toEqual(['_Math_imul = $Math_imul', '_rt_f2b = $rt_f2b', '_Math_sqrt = $Math_sqrt', '_rt_b2f = $rt_b2f', 'Km3 = -3', 'K3 = 3']);
    expect(new Set(bound)).toEqual(new Set(['$Math_imul = Math.imul', '$rt_f2b = rt.f2b', '$Math_sqrt = Math.sqrt', '$rt_b2f = rt.b2f']));
  });

  it('leaves cold calls alone: traps, the interpreter fallback, the depth check, and non-literal arguments', () => {
    const lines = ['B1: for (;;) {', "if (Y === 0) throw rt.trap('integer divide by zero');", 'i0 = ((FI = FN1.inner) !== null ? FI : rt.slow(FN1, self))(b, 5);',
      'x = rt.i64.mulHighU32(L1, (L2 + 3));', '}'];
    const before = [...lines];
    const decls = localizeLoopCalls(lines, () => undefined);
    expect(lines.slice(0, 3)).toEqual(before.slice(0, 3));
    expect(lines[3]).toBe('x = _i64_mulHighU32(L1, (L2 + 3));');
    expect(decls).toEqual(['_i64_mulHighU32 = $i64_mulHighU32']);
  });

  it('computes the sign flip of a variable before the outermost loop that does not assign it', () => {
    const flip = (v: string): string => `(${v} ^ -2147483648)`;
    const lines = ['B1: for (;;) {', 'L5 = L2;', 'B2: for (;;) {', 'B3: for (;;) {', `if (!(${flip('L9')} < ${flip('L5')})) break B3;`, 'L9 = ((L9 + 1) | 0);', '}',
      `if (${flip('L5')} > ${flip('L7')}) break B2;`, '}', `if (${flip('L5')} > 3) break B1;`, '}'];
    expect(hoistSignFlips(lines)).toEqual(['U_L5', 'U_L7']);
    expect(lines.join('\n').split('\n')).toEqual(['U_L7 = (L7 ^ -2147483648);', 'B1: for (;;) {', 'L5 = L2;', 'U_L5 = (L5 ^ -2147483648);', 'B2: for (;;) {', 'B3: for (;;) {',
      `if (!(${flip('L9')} < U_L5)) break B3;`, 'L9 = ((L9 + 1) | 0);', '}', 'if (U_L5 > U_L7) break B2;', '}', `if (${flip('L5')} > 3) break B1;`, '}']);
    // (a variable assigned in its loop — by a load into it too —, and flat mode's dispatch loops: left alone)
    for (const c of [['B1: for (;;) {', `if (${flip('L5')} > 3) break B1;`, 'if ((L5 = IW0[3]) === undefined) L5 = 0;', '}'],
      ['F0: for (S0 = 0;;) { switch (S0) {', `if (${flip('L5')} > 3) break F0;`, '} }']]) {
      const before = [...c];
      expect(hoistSignFlips(c)).toEqual([]);
      expect(c).toEqual(before);
    }
  });

  it('products by constants, a square root and a trapping division in loops compute what Node computes', async () => {
    const bytes = await wat(`(module (memory 1) (data (i32.const 0) "\\01\\02\\03\\04\\05\\06\\07\\08")
      (func (export "mix") (param $n i32) (param $x i64) (result i64) (local $h i64)
        (loop $l
          (local.set $x (i64.mul (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 29))) (i64.const 0x2545F4914F6CDD1D)))
          (local.set $h (i64.add (i64.mul (local.get $h) (i64.const -7)) (local.get $x)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $h))
      (func (export "hash") (param $n i32) (param $h i32) (result i32)
        (loop $l
          (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $n)) (i32.const 16777619)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $h))
      (func (export "roots") (param $n i32) (result f64) (local $s f64)
        (loop $l
          (local.set $s (f64.add (local.get $s) (f64.sqrt (f64.convert_i32_s (local.get $n)))))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $s))
      (func (export "scan") (param $n i32) (param $p i32) (param $x i32) (result i32) (local $i i32) (local $c i32)
        (loop $l
          (if (i32.lt_u (i32.mul (local.get $i) (i32.const -1640531535)) (local.get $p))
            (then (local.set $c (i32.add (local.get $c) (i32.const 1)))))
          (if (i64.gt_u (i64.extend_i32_s (local.get $x)) (i64.extend_i32_u (i32.xor (local.get $i) (local.get $p))))
            (then (local.set $c (i32.add (local.get $c) (i32.const 2)))))
          (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
        (local.get $c))
      (func (export "scan64") (param $y i64) (param $n i32) (result i32) (local $i i32) (local $c i32)
        (loop $l
          (if (i64.lt_u (local.get $y) (i64.extend_i32_u (i32.mul (local.get $i) (i32.const -1640531535))))
            (then (local.set $c (i32.add (local.get $c) (i32.load16_u (i32.and (local.get $i) (i32.const 65534)))))))
          (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
        (local.get $c))
      (func (export "divs") (param $n i32) (param $d i32) (result i32) (local $s i32)
        (loop $l
          (local.set $s (i32.add (local.get $s) (i32.div_s (local.get $n) (local.get $d))))
          (local.set $d (i32.sub (local.get $d) (i32.const 1)))
          (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $s)))`);
    const code = compileToJs(bytes, { compiler: jit }).code;
    // (the pass fires: the products and the root read their helper and constants from locals)
    expect(code).toMatch(/_Math_imul\(.+, K16777619\)/);
    expect(code).toMatch(/_Math_sqrt\(/);
    expect(code).toMatch(/^U_L\d+ = \(L\d+ \^ -2147483648\);$/m);
    expect(code).toContain('U_H0 = (H0 ^ -2147483648);');
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: unknown[]) => unknown>;
    for (const n of [1, 2, 100, 1000]) {
      for (const v of [0n, 1n, -1n, 0x9E3779B97F4A7C15n - (1n << 64n), 0x7fffffffffffffffn]) expect(x.mix(n, v), `mix(${n}, ${v})`).toBe(native.mix(n, v));
      for (const h of [0, -2128831035, 0x7fffffff]) expect(x.hash(n, h)).toBe(native.hash(n, h));
      expect(Object.is(x.roots(n), native.roots(n))).toBe(true);
      // (the i64's high half H0 flipped into U_H0, beside the memory's 16-bit view UH0)
      for (const y of [0n, 1n, 0x80000000n, 0x1_0000_0000n, -1n]) expect(x.scan64(y, n), `scan64(${y}, ${n})`).toBe(native.scan64(y, n));
      for (const p of [0, 1, 0x7fffffff, -0x80000000, -1]) for (const v of [0, -5, 12345]) expect(x.scan(n, p, v), `scan(${n}, ${p}, ${v})`).toBe(native.scan(n, p, v));
      for (const d of [n + 5, 3, -2]) expect(outcome(x.divs as (...a: number[]) => unknown, n, d), `divs(${n}, ${d})`).toBe(outcome(native.divs, n, d));
    }
  });
});
