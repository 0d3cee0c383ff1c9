// Property: randomly generated *valid* function bodies (typed stack simulation: constants, locals, numeric
// ops, select, nested blocks/loops/ifs with multi-value block types, branches, unreachable code) are accepted
// by our validator and by Node's (test-only oracle). Catches false rejections the spec suite may miss.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile } from '../../src/validate/index.js';
import { module, section, code, uleb } from '../decoder/helpers.js';

const NodeWasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;

const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c;
const NUM = [I32, I64, F32, F64];
const LOCALS = [I32, I64, F32, F64, I32];
const CONST: Record<number, number[]> = { [I32]: [0x41, 0x05], [I64]: [0x42, 0x07], [F32]: [0x43, 0, 0, 0x80, 0x3f], [F64]: [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f] };
const ADD: Record<number, number> = { [I32]: 0x6a, [I64]: 0x7c, [F32]: 0x92, [F64]: 0xa0 };
const EQZ_OR_CMP: Record<number, number> = { [I32]: 0x46, [I64]: 0x51, [F32]: 0x5b, [F64]: 0x61 }; // eq: [t t] -> i32

/** Block types beyond single results go in the type section: index → [params, results]. */
interface Gen {
  tape: number[];
  at: number;
  types: [number[], number[]][];
}
function pick(g: Gen, n: number): number {
  const v = g.tape[g.at % g.tape.length] + g.at;
  g.at++;
  return v % n;
}
function typeIndex(g: Gen, params: number[], results: number[]): number {
  const key = JSON.stringify([params, results]);
  const i = g.types.findIndex((t) => JSON.stringify(t) === key);
  if (i >= 0) return i;
  g.types.push([params, results]);
  return g.types.length - 1;
}

/** Emits code that turns `stack` into exactly `want` (drops everything, pushes constants). */
function settle(out: number[], stack: number[], want: number[]): void {
  while (stack.length) {
    stack.pop();
    out.push(0x1a);
  }
  for (const t of want) out.push(...CONST[t]);
}

/** A sequence that starts from `params` on the stack and ends with `results`. `labels`: label types, innermost last. */
function seq(g: Gen, params: number[], results: number[], labels: number[][], depth: number): number[] {
  const out: number[] = [];
  const stack = params.slice();
  const steps = depth === 0 ? 8 + pick(g, 24) : pick(g, 10);
  for (let s = 0; s < steps; s++) {
    const top = stack[stack.length - 1];
    switch (pick(g, 11)) {
      case 0: {
        const t = NUM[pick(g, 4)];
        out.push(...CONST[t]);
        stack.push(t);
        break;
      }
      case 1: {
        const l = pick(g, LOCALS.length);
        out.push(0x20, l);
        stack.push(LOCALS[l]);
        break;
      }
      case 2: // binary add / compare when the top two agree
        if (stack.length >= 2 && stack[stack.length - 2] === top) {
          const cmp = pick(g, 2) === 0;
          out.push(cmp ? EQZ_OR_CMP[top] : ADD[top]);
          stack.pop();
          stack.pop();
          stack.push(cmp ? I32 : top);
        }
        break;
      case 3: { // local.set / local.tee of a matching local
        const l = LOCALS.indexOf(top);
        if (l >= 0) {
          const tee = pick(g, 2) === 0;
          out.push(tee ? 0x22 : 0x21, l);
          if (!tee) stack.pop();
        }
        break;
      }
      case 4:
        if (stack.length) {
          out.push(0x1a);
          stack.pop();
        }
        break;
      case 5: // select [t t i32] -> t
        if (stack.length >= 3 && top === I32 && stack[stack.length - 2] === stack[stack.length - 3]) {
          out.push(0x1b);
          stack.pop();
          stack.pop();
        }
        break;
      case 6:
      case 7: { // block / loop / if with a multi-value type taking the top value (if any) as a param
        if (depth > 4) break;
        const kind = [0x02, 0x03, 0x04][pick(g, 3)];
        if (kind === 0x04 && top !== I32) break;
        if (kind === 0x04) stack.pop();
        const inner = stack.length && pick(g, 2) === 0 ? [stack.pop()!] : [];
        const res = [NUM[pick(g, 4)], ...(pick(g, 2) ? [NUM[pick(g, 4)]] : [])];
        const idx = typeIndex(g, inner, res);
        const label = kind === 0x03 ? inner : res;
        out.push(kind, ...uleb(idx), ...seq(g, inner, res, [...labels, label], depth + 1));
        if (kind === 0x04 && pick(g, 2) === 0) out.push(0x05, ...seq(g, inner, res, [...labels, label], depth + 1));
        else if (kind === 0x04 && JSON.stringify(inner) !== JSON.stringify(res)) out.push(0x05, ...seq(g, inner, res, [...labels, label], depth + 1));
        out.push(0x0b);
        stack.push(...res);
        break;
      }
      case 8: { // br_if to a label whose types are on the stack under an i32
        const d = pick(g, labels.length);
        const lt = labels[labels.length - 1 - d];
        settle(out, stack, lt);
        out.push(...CONST[I32], 0x0d, d);
        stack.push(...lt);
        break;
      }
      case 9: { // unconditional branch; what follows is unreachable (polymorphic stack)
        const d = pick(g, labels.length);
        settle(out, stack, labels[labels.length - 1 - d]);
        out.push(0x0c, d);
        stack.length = 0;
        if (pick(g, 2)) out.push(0x6a, 0x1a); // i32.add with conjured operands, then drop
        break;
      }
      case 10: // br_table over the innermost two labels when their arities agree
        if (labels.length >= 2 && JSON.stringify(labels[labels.length - 1]) === JSON.stringify(labels[labels.length - 2])) {
          settle(out, stack, labels[labels.length - 1]);
          out.push(...CONST[I32], 0x0e, 1, 0, 1);
          return out;
        }
        break;
    }
  }
  settle(out, stack, results);
  return out;
}

function build(tape: number[]): Uint8Array {
  const g: Gen = { tape: tape.length ? tape : [0], at: 0, types: [[[], [I64]]] };
  const body = seq(g, [], [I64], [[I64]], 0);
  const typeSec: number[] = [...uleb(g.types.length)];
  for (const [p, r] of g.types) typeSec.push(0x60, ...uleb(p.length), ...p, ...uleb(r.length), ...r);
  const locals = [LOCALS.length, ...LOCALS.flatMap((t) => [1, t])];
  return module(section(1, typeSec), section(3, [1, 0]), code([...locals, ...body, 0x0b]));
}

describe('generated valid bodies', () => {
  it('are accepted like Node accepts them', () => {
    const sizes: number[] = [];
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 200 }), (tape) => {
        const bytes = build(tape);
        expect(NodeWasm.validate(bytes)).toBe(true); // the generator itself is sound
        compile(bytes);
        sizes.push(bytes.length);
      }),
      { numRuns: 1500, seed: 7 },
    );
    // The generator must produce real bodies, not trivial ones.
    const avg = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(avg).toBeGreaterThan(100);
  });
});
