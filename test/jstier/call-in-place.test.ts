// A call's i32 result read in place by the statement consuming it (src/vm/jstier/call-in-place.ts): the
// pass's rules on statements, and end to end, calls whose callee writes the memory, a global or traps, their
// results combined with loads, globals and locals in either operand order, as Node's WebAssembly computes them.
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store } from '../../src/index.js';
import { compileToJs, jit } from '../../src/jit/index.js';
import { NodeWasm, outcome, wat } from './oracle.js';
import { callsInPlace } from '../../src/vm/jstier/call-in-place.js';

const R = '\u0000reload';



describe('calls read in place', () => {
  it('moves a call into the statement that consumes its result, the variable first, the reload after it', () => {
    const lines = ['i0 = inner(b, ((L0 - 1) | 0));', R, '', 'L1 = ((i0 + L1) | 0);', 'x'];
    callsInPlace(lines, R);
    expect(lines.filter((l) => l !== '')).toEqual(['L1 = ((L1 + inner(b, ((L0 - 1) | 0))) | 0);', R, 'x']);
    const other = ['i0 = ((FI = FN1.inner) !== null ? FI : rt.slow(FN1, self))(b, L2);', 'if (!i0) break B1;'];
    callsInPlace(other, R);
    expect(other.filter((l) => l !== '')).toEqual(['if (!((FI = FN1.inner) !== null ? FI : rt.slow(FN1, self))(b, L2)) break B1;']);
    const sub = ['i0 = inner(b, L0);', 'L1 = ((i0 - L1) | 0);'];
    callsInPlace(sub, R);
    expect(sub.filter((l) => l !== '')).toEqual(['L1 = ((inner(b, L0) - L1) | 0);']);
    // (other names that contain the slot's are not the slot)
    const longer = ['i3 = inner(b, L0);', 'L1 = ((i3 + L1) | 0);', 'L2 = (i30 + ai3 + i3x + rt.i32.f(i03)) | 0;'];
    callsInPlace(longer, R);
    expect(longer.filter((l) => l !== '')).toEqual(['L1 = ((L1 + inner(b, L0)) | 0);', 'L2 = (i30 + ai3 + i3x + rt.i32.f(i03)) | 0;']);
  });

  it('leaves a call whose result is read after a load, a call, a condition, `&&`, by two statements, or with memory after a reload', () => {
    const cases: string[][] = [
      ['i0 = inner(b, L0);', 'L1 = (((IW0[L2 / 4] ?? DV0.getInt32((L2 >>> 0), true)) + i0) | 0);'],
      ['i0 = inner(b, L0);', 'L1 = ((Math.imul(L2, 3) + i0) | 0);'],
      ['i0 = inner(b, L0);', 'if (L2) L1 = i0;'],
      ['i0 = inner(b, L0);', 'L1 = L2 && i0;'],
      ['i0 = inner(b, L0);', 'L1 = L2 ? i0 : 0;'],
      ['i0 = inner(b, L0);', 'L1 = ((i0 + L1) | 0);', 'L3 = i0;'],
      ['i0 = inner(b, L0);', R, 'L1 = ((i0 + (IW0[3] ?? 0)) | 0);'],
      ['i0 = inner(b, L0);', 'L5 = 1;', 'L1 = ((i0 + L1) | 0);'],
      ['l0 = inner(b, L0); h0 = OUT[1];', 'L1 = l0;'],
      ['d0 = inner(b, L0);', 'L1 = (d0 + L1);'],
      // (the slot read elsewhere as a word: `$` is no part of one)
      ['i3 = inner(b, L0);', 'L1 = ((i3 + L1) | 0);', 'x = $i3;'],
    ];
    for (const c of cases) {
      const before = [...c];
      callsInPlace(c, R);
      expect(c, before.join(' ⏎ ')).toEqual(before);
    }
  });

  it('results combined with memory and globals the callee writes, and with traps, as Node computes them', async () => {
    const bytes = await wat(`(module (memory 1) (global $g (mut i32) (i32.const 5))
      (func $w (param i32) (result i32)
        (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (local.get 0)))
        (global.set $g (i32.mul (global.get $g) (i32.const 3)))
        (if (i32.eq (local.get 0) (i32.const 99)) (then unreachable))
        (i32.xor (local.get 0) (i32.const 0x55)))
      (func $rec (export "rec") (param i32) (result i32) (local i32)
        (if (i32.lt_s (local.get 0) (i32.const 2)) (then (return (local.get 0))))
        (loop $l
          (local.set 1 (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1))) (local.get 1)))
          (local.set 1 (i32.xor (local.get 1) (call $w (local.get 0))))
          (br_if $l (i32.gt_u (local.tee 0 (i32.sub (local.get 0) (i32.const 2))) (i32.const 3))))
        (i32.add (local.get 0) (local.get 1)))
      (func (export "mem") (param i32) (result i32)
        (i32.add (i32.load (i32.const 0)) (call $w (local.get 0))))
      (func (export "mem2") (param i32) (result i32)
        (i32.sub (call $w (local.get 0)) (i32.load (i32.const 0))))
      (func (export "glob") (param i32) (result i32)
        (i32.add (global.get $g) (call $w (local.get 0))))
      (func (export "glob2") (param i32) (result i32) (local i32)
        (local.set 1 (i32.add (call $w (local.get 0)) (global.get $g)))
        (local.get 1))
      (func (export "cond") (param i32) (result i32)
        (if (result i32) (call $w (local.get 0)) (then (i32.const 1)) (else (i32.const 2)))))`);
    const code = compileToJs(bytes, { compiler: jit }).code;
    // (the pass fires on the recursive call)
    expect(code).toMatch(/L1 = \(\(L1 \+ inner\(b, /);
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: number[]) => unknown>;
    for (const n of [0, 1, 2, 3, 5, 8, 13, 17, 99, -1]) {
      // (rec is exponential in n, as fib: small n only)
      for (const f of n <= 17 ? ['rec', 'mem', 'mem2', 'glob', 'glob2', 'cond'] : ['mem', 'mem2', 'glob', 'glob2', 'cond']) expect(outcome(x[f], n), `${f}(${n})`).toBe(outcome(native[f], n));
    }
  });
});
