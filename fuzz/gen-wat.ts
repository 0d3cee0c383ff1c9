// fast-check generators of small core modules in text form, for differential tests against Node's
// WebAssembly. Bodies are random instruction sequences over a fixed pool, so most are ill-typed in some way
// (stack underflow, wrong operand type, polymorphic stack after `unreachable`/`br`), which is exactly where
// validators disagree; structured instructions nest random bodies with random block types.
// Only features Node 20 supports without flags are used (Wasm 2.0: multi-value, sign-ext, sat-trunc,
// bulk memory, reference types), so Node's verdict is authoritative.
import fc from 'fast-check';

const T = ['i32', 'i64', 'f32', 'f64'] as const;

// Instruction pool: plain instructions written as they appear in the text format.
const PLAIN = [
  'i32.const 0', 'i32.const -1', 'i64.const 7', 'f32.const 1.5', 'f64.const -0.0', 'f32.const nan', 'f64.const inf',
  'local.get 0', 'local.get 1', 'local.get 2', 'local.get 3', 'local.get 4',
  'local.set 0', 'local.set 1', 'local.tee 2', 'local.tee 4', 'global.get 0', 'global.get 1', 'global.set 0', 'global.set 1',
  'drop', 'select', 'select (result i64)', 'nop', 'unreachable', 'return', 'br 0', 'br 1', 'br_if 0', 'br_if 1', 'br_table 0 1 0',
  'i32.add', 'i32.sub', 'i32.mul', 'i32.div_s', 'i32.rem_u', 'i32.and', 'i32.shl', 'i32.rotr', 'i32.clz', 'i32.popcnt', 'i32.eqz', 'i32.eq', 'i32.lt_u',
  'i64.add', 'i64.mul', 'i64.div_u', 'i64.rem_s', 'i64.shr_s', 'i64.rotl', 'i64.ctz', 'i64.eqz', 'i64.ne', 'i64.ge_s',
  'f32.add', 'f32.div', 'f32.min', 'f32.copysign', 'f32.sqrt', 'f32.neg', 'f32.nearest', 'f32.lt',
  'f64.sub', 'f64.mul', 'f64.max', 'f64.abs', 'f64.ceil', 'f64.trunc', 'f64.ge',
  'i32.wrap_i64', 'i64.extend_i32_s', 'i64.extend_i32_u', 'i32.trunc_f32_s', 'i64.trunc_f64_u', 'i32.trunc_sat_f64_u', 'i64.trunc_sat_f32_s',
  'f32.convert_i64_u', 'f64.convert_i32_s', 'f32.demote_f64', 'f64.promote_f32', 'i32.reinterpret_f32', 'f64.reinterpret_i64',
  'i32.extend8_s', 'i64.extend32_s',
  'i32.load', 'i64.load8_s offset=3', 'f32.load align=2', 'i32.store', 'i64.store16', 'f64.store offset=8', 'memory.size', 'memory.grow',
  'memory.fill', 'memory.copy',
  'call 0', 'call 1', 'call_indirect (type 0)',
  'ref.null func', 'ref.is_null', 'ref.func 0', 'table.get 0', 'table.size 0',
];

const blockType = fc.constantFrom('', '(result i32)', '(result i64 f32)', '(param i32) (result i32)', '(param i64)', '(result f64)');

/** A random instruction sequence; depth bounds the nesting of block/loop/if. */
function body(depth: number): fc.Arbitrary<string[]> {
  const plain = fc.constantFrom(...PLAIN).map((s) => [s]);
  const leaf = fc.array(plain, { maxLength: 8 }).map((xs) => xs.flat());
  if (depth <= 0) return leaf;
  const inner = body(depth - 1);
  const structured = fc.oneof(
    fc.tuple(fc.constantFrom('block', 'loop'), blockType, inner).map(([k, t, b]) => [`${k} ${t}`, ...b, 'end']),
    fc.tuple(blockType, inner, fc.option(inner, { nil: undefined })).map(([t, a, b]) => (b ? [`if ${t}`, ...a, 'else', ...b, 'end'] : [`if ${t}`, ...a, 'end'])),
  );
  return fc.array(fc.oneof({ weight: 5, arbitrary: plain }, { weight: 1, arbitrary: structured }), { maxLength: 10 }).map((xs) => xs.flat());
}

// ---------------------------------------------------------------------------------------------------------
// Type-directed bodies: a stack of operand types is simulated so that most generated code is valid; then an
// optional tail after `unreachable` (stack-polymorphic code, where validators most often err) and optional
// mutations (drop / duplicate / swap an instruction) turn a share of them invalid again.

// 'vi' and 'vf' are both v128 in the module; the generator keeps them apart so that vectors which may hold
// NaNs from float arithmetic ('vf') are only read back as floats (NaN bits are nondeterministic).
type Ty = (typeof T)[number] | 'vi' | 'vf';
const wasmType = (t: Ty): string => (t === 'vi' || t === 'vf' ? 'v128' : t);
interface Op {
  readonly text: string;
  readonly ins: readonly Ty[];
  readonly outs: readonly Ty[];
}

const unops: [Ty, Ty, string][] = [
  ['i32', 'i32', 'i32.clz'], ['i32', 'i32', 'i32.popcnt'], ['i32', 'i32', 'i32.eqz'], ['i32', 'i32', 'i32.extend8_s'],
  ['i64', 'i64', 'i64.ctz'], ['i64', 'i32', 'i64.eqz'], ['i64', 'i64', 'i64.extend32_s'],
  ['f32', 'f32', 'f32.sqrt'], ['f32', 'f32', 'f32.neg'], ['f32', 'f32', 'f32.nearest'],
  ['f64', 'f64', 'f64.abs'], ['f64', 'f64', 'f64.ceil'], ['f64', 'f64', 'f64.trunc'],
  ['i64', 'i32', 'i32.wrap_i64'], ['i32', 'i64', 'i64.extend_i32_s'], ['i32', 'i64', 'i64.extend_i32_u'],
  ['f32', 'i32', 'i32.trunc_f32_s'], ['f64', 'i64', 'i64.trunc_f64_u'], ['f64', 'i32', 'i32.trunc_sat_f64_u'], ['f32', 'i64', 'i64.trunc_sat_f32_s'],
  ['i64', 'f32', 'f32.convert_i64_u'], ['i32', 'f64', 'f64.convert_i32_s'], ['f64', 'f32', 'f32.demote_f64'], ['f32', 'f64', 'f64.promote_f32'],
  // No f32→i32 reinterpret: the bits of a NaN produced by arithmetic are nondeterministic across engines.
  ['i64', 'f64', 'f64.reinterpret_i64'],
  ['i32', 'i32', 'i32.load'], ['i32', 'i64', 'i64.load8_s offset=3'], ['i32', 'f32', 'f32.load align=2'], ['i32', 'i32', 'memory.grow'],
  ['i32', 'i32', 'call 0'],
  // SIMD (Node validates and runs it; v128 never crosses the JS boundary: lanes are extracted first).
  ['i32', 'vi', 'i32x4.splat'], ['i32', 'vi', 'i8x16.splat'], ['i64', 'vi', 'i64x2.splat'], ['f32', 'vf', 'f32x4.splat'], ['f64', 'vf', 'f64x2.splat'],
  ['vi', 'i32', 'i32x4.extract_lane 2'], ['vi', 'i32', 'i8x16.extract_lane_s 5'], ['vi', 'i32', 'i16x8.extract_lane_u 7'], ['vi', 'i64', 'i64x2.extract_lane 1'],
  ['vi', 'i32', 'v128.any_true'], ['vi', 'i32', 'i8x16.bitmask'], ['vi', 'i32', 'i32x4.all_true'],
  ['vf', 'f32', 'f32x4.extract_lane 3'], ['vf', 'f64', 'f64x2.extract_lane 0'], ['vi', 'f32', 'f32x4.extract_lane 1'],
  ['vi', 'vi', 'i8x16.abs'], ['vi', 'vi', 'i8x16.popcnt'], ['vi', 'vi', 'i16x8.extend_low_i8x16_s'], ['vi', 'vi', 'i32x4.extadd_pairwise_i16x8_u'],
  ['vi', 'vi', 'v128.not'], ['vi', 'vi', 'i64x2.neg'], ['vf', 'vf', 'f32x4.sqrt'], ['vf', 'vf', 'f64x2.nearest'], ['vi', 'vf', 'f32x4.convert_i32x4_u'],
  ['vf', 'vi', 'i32x4.trunc_sat_f32x4_s'], ['vf', 'vi', 'i32x4.trunc_sat_f64x2_u_zero'], ['vf', 'vf', 'f64x2.promote_low_f32x4'], ['vf', 'vf', 'f32x4.abs'],
  ['i32', 'vi', 'v128.load offset=7'], ['i32', 'vi', 'v128.load8x8_s'], ['i32', 'vi', 'v128.load32_zero'], ['i32', 'vi', 'v128.load16_splat'],
];
const binops: [Ty, Ty, string][] = [
  ['i32', 'i32', 'i32.add'], ['i32', 'i32', 'i32.sub'], ['i32', 'i32', 'i32.mul'], ['i32', 'i32', 'i32.div_s'], ['i32', 'i32', 'i32.rem_u'],
  ['i32', 'i32', 'i32.and'], ['i32', 'i32', 'i32.shl'], ['i32', 'i32', 'i32.rotr'], ['i32', 'i32', 'i32.eq'], ['i32', 'i32', 'i32.lt_u'],
  ['i64', 'i64', 'i64.add'], ['i64', 'i64', 'i64.mul'], ['i64', 'i64', 'i64.div_u'], ['i64', 'i64', 'i64.rem_s'], ['i64', 'i64', 'i64.shr_s'],
  ['i64', 'i64', 'i64.rotl'], ['i64', 'i32', 'i64.ne'], ['i64', 'i32', 'i64.ge_s'],
  ['f32', 'f32', 'f32.add'], ['f32', 'f32', 'f32.div'], ['f32', 'f32', 'f32.min'], ['f32', 'f32', 'f32.copysign'], ['f32', 'i32', 'f32.lt'],
  ['f64', 'f64', 'f64.sub'], ['f64', 'f64', 'f64.mul'], ['f64', 'f64', 'f64.max'], ['f64', 'i32', 'f64.ge'],
  ['vi', 'vi', 'i8x16.add_sat_s'], ['vi', 'vi', 'i16x8.mul'], ['vi', 'vi', 'i32x4.min_u'], ['vi', 'vi', 'i64x2.sub'], ['vi', 'vi', 'i8x16.swizzle'],
  ['vi', 'vi', 'i16x8.q15mulr_sat_s'], ['vi', 'vi', 'i8x16.narrow_i16x8_s'], ['vi', 'vi', 'i32x4.dot_i16x8_s'], ['vi', 'vi', 'i64x2.extmul_high_i32x4_u'],
  ['vi', 'vi', 'v128.andnot'], ['vi', 'vi', 'i8x16.avgr_u'], ['vi', 'vi', 'i64x2.lt_s'], ['vi', 'vi', 'i8x16.eq'],
  ['vf', 'vf', 'f32x4.add'], ['vf', 'vf', 'f64x2.div'], ['vf', 'vf', 'f32x4.pmin'], ['vf', 'vf', 'f64x2.max'], ['vf', 'vi', 'f32x4.lt'], ['vf', 'vi', 'f64x2.ne'],
  ['vi', 'vi', 'i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31'],
];
const CONSTS: Record<Ty, string[]> = {
  vi: ['v128.const i32x4 1 -1 0x80000000 7', 'v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 255', 'v128.const i64x2 -1 0'],
  vf: ['v128.const f32x4 1.5 -0 nan inf', 'v128.const f64x2 -0x1p-1074 1e300'],
  i32: ['i32.const 0', 'i32.const -1', 'i32.const 0x7fffffff', 'i32.const 65535'],
  i64: ['i64.const 7', 'i64.const -9223372036854775808', 'i64.const 0'],
  f32: ['f32.const 1.5', 'f32.const nan', 'f32.const -0x1p-149'],
  f64: ['f64.const -0.0', 'f64.const inf', 'f64.const 0x1.fffffffffffffp+1023'],
};

/** Builds a body from a stream of choices; `locals` are the types of params then locals. */
function buildBody(choices: readonly number[], locals: readonly Ty[], results: readonly Ty[], g0: Ty, g0mut: boolean): string[] {
  let k = 0;
  const next = (n: number): number => (n <= 0 ? 0 : (choices[k++ % choices.length]! >>> 0) % n);
  const out: string[] = [];
  const stack: Ty[] = [];
  const steps = choices.length;
  const push = (text: string, ins: Ty[], outs: Ty[]) => {
    out.push(text);
    stack.length -= ins.length;
    stack.push(...outs);
  };
  const emitValue = (t: Ty, depth: number): void => {
    // Produce one value of type t on the stack.
    const kind = next(depth > 0 ? 5 : 3);
    const li = locals.findIndex((x, i) => x === t && next(2) === 0 && i >= 0);
    if (kind === 0 && li >= 0) return push(`local.get ${li}`, [], [t]);
    if (kind === 1 && g0 === t) return push('global.get 0', [], [t]);
    if (kind === 3) {
      const u = unops.filter(([, o]) => o === t);
      if (u.length) {
        const [i, , text] = u[next(u.length)]!;
        emitValue(i, depth - 1);
        return push(text, [i], [t]);
      }
    }
    if (kind === 4) {
      const b = binops.filter(([, o]) => o === t);
      if (b.length) {
        const [i, , text] = b[next(b.length)]!;
        emitValue(i, depth - 1);
        emitValue(i, depth - 1);
        return push(text, [i, i], [t]);
      }
    }
    if (kind === 2 && depth > 1 && next(3) === 0) {
      // A block or an if producing t.
      if (next(2) === 0) {
        out.push(`block (result ${wasmType(t)})`);
        const save = stack.length;
        emitValue(t, depth - 1);
        out.push('end');
        stack.length = save;
        return void stack.push(t);
      }
      emitValue('i32', depth - 1);
      stack.pop();
      out.push(`if (result ${wasmType(t)})`);
      const save = stack.length;
      emitValue(t, depth - 1);
      stack.length = save;
      out.push('else');
      emitValue(t, depth - 1);
      stack.length = save;
      out.push('end');
      return void stack.push(t);
    }
    const c = CONSTS[t];
    return push(c[next(c.length)]!, [], [t]);
  };
  for (let i = 0; i < Math.min(steps, 6); i++) {
    // Statements: stores, local.set, global.set, drops, memory.fill.
    const s = next(6);
    const li = next(locals.length);
    if (s === 0 && locals.length) {
      emitValue(locals[li]!, 3);
      if (next(2)) push(`local.set ${li}`, [locals[li]!], []);
      else push(`local.tee ${li}\n    drop`, [locals[li]!], []); // tee keeps the value; drop removes it
    } else if (s === 1 && g0mut) {
      emitValue(g0, 3);
      push('global.set 0', [g0], []);
    } else if (s === 2) {
      // Integer and integer-vector stores only: float bits may be nondeterministic NaNs.
      emitValue('i32', 2);
      if (next(2)) {
        emitValue('i64', 2);
        push('i64.store16', ['i32', 'i64'], []);
      } else {
        emitValue('vi', 3);
        push('v128.store offset=3', ['i32', 'vi'], []);
      }
    } else if (s === 3) {
      const t = T[next(4)]!;
      emitValue(t, 4);
      push('drop', [t], []);
    } else if (s === 4) {
      emitValue('i32', 1);
      emitValue('i32', 1);
      emitValue('i32', 1);
      push(next(2) ? 'memory.fill' : 'memory.copy', ['i32', 'i32', 'i32'], []);
    } else {
      emitValue('i32', 2);
      stack.pop();
      out.push('if');
      emitValue('i32', 1);
      stack.pop();
      out.push('br_if 0', 'end');
    }
  }
  for (const r of results) emitValue(r, 4);
  if (next(3) === 0) {
    // Stack-polymorphic tail: anything after `unreachable` that still types is valid.
    out.push(next(2) ? 'unreachable' : 'br 0');
    const n = next(5);
    for (let i = 0; i < n; i++) out.push(PLAIN[next(PLAIN.length)]!);
  }
  if (next(4) === 0 && out.length > 1) {
    // Mutation: remove, duplicate or swap one instruction (block structure may break: then both must reject).
    const i = next(out.length);
    const m = next(3);
    if (m === 0) out.splice(i, 1);
    else if (m === 1) out.splice(i, 0, out[i]!);
    else if (i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  }
  return out;
}

export interface GeneratedModule {
  readonly text: string;
  /** Parameter and result types of the exported function "f" (function 1). */
  readonly params: readonly string[];
  readonly results: readonly string[];
}

/** A module with memory, table, two globals, a helper function 0 and the exported function 1 ("f"). */
export const genModule: fc.Arbitrary<GeneratedModule> = fc
  .record({
    params: fc.array(fc.constantFrom(...T), { maxLength: 3 }),
    results: fc.array(fc.constantFrom(...T), { maxLength: 2 }),
    locals: fc.array(fc.constantFrom(...T), { maxLength: 2 }),
    g0: fc.constantFrom(...T),
    g0mut: fc.boolean(),
    typed: fc.boolean(),
    choices: fc.array(fc.nat(), { minLength: 4, maxLength: 60 }),
    random: body(2),
  })
  .map(({ params, results, locals, g0, g0mut, typed, choices, random }) => {
    const p = params.length ? `(param ${params.join(' ')})` : '';
    const r = results.length ? `(result ${results.join(' ')})` : '';
    const l = locals.length ? `(local ${locals.join(' ')})` : '';
    const zero = (t: string) => `(${t}.const 0)`;
    // Mostly type-directed bodies; some fully random ones, which are nearly always invalid.
    const instrs = typed || choices.length > 10 ? buildBody(choices, [...params, ...locals], results, g0, g0mut) : random;
    const text = `(module
  (type (func (param i32) (result i32)))
  (memory (export "mem") 1 2)
  (table 2 funcref)
  (global ${g0mut ? `(mut ${g0})` : g0} ${zero(g0)})
  (global (mut i64) (i64.const 0))
  (elem declare func 0)
  (func (type 0) local.get 0)
  (func (export "f") ${p} ${r} ${l}
    ${instrs.join('\n    ')}))`;
    return { text, params, results };
  });
