// One quotient per base address (src/vm/jstier/shared-index.ts): the pass's rules on statements, and end to
// end, accesses off one base at every alignment and bound (negative, past 2^31, wrapping, at the memory's end)
// read and write what Node's WebAssembly does, with the base reassigned between accesses and a first access
// that is conditional. Oracle: Node's WebAssembly.
import { describe, expect, it } from 'vitest';
import { Instance, Module, Store } from '../../src/index.js';
import { compileToJs, jit } from '../../src/jit/index.js';
import { NodeWasm, outcome, wat } from './oracle.js';
import { shareElementIndexes } from '../../src/vm/jstier/shared-index.js';




const NO_PARAMS: ReadonlySet<string> = new Set();
const load = (v: string, k: number, t = 'x'): string => `${t} = (FD0[(${v} + ${k}) / 8] ?? DV0.getFloat64(((${v} + ${k}) >>> 0), true));`;

describe('shared element indexes (one division per base)', () => {
  it('shares three accesses of a base in straight-line code: the first assigns the quotient, the others add to it', () => {
    const lines = [load('L1', 8, 'a'), load('L1', 16, 'b'), 'if ((c = FD0[L1 / 8]) === undefined) c = DV0.getFloat64((L1 >>> 0), true);',
      'if (FD0[SX = (L1 - 8) / 8] === undefined) DV0.setFloat64(((L1 - 8) >>> 0), v, true); else FD0[SX] = v;'];
    expect(shareElementIndexes(lines, NO_PARAMS)).toEqual(['Q8L1']);
    expect(lines[0]).toContain('FD0[(Q8L1 = L1 / 8) + 1]');
    expect(lines[1]).toContain('FD0[Q8L1 + 2]');
    expect(lines[2]).toContain('(c = FD0[Q8L1])');
    expect(lines[3]).toContain('FD0[SX = Q8L1 - 1]');
    // the fallbacks keep their addresses
    expect(lines[0]).toContain('DV0.getFloat64(((L1 + 8) >>> 0), true)');
  });

  it('leaves two accesses, a conditional first access, accesses across braces or labels, and a reassigned base alone', () => {
    const cases: string[][] = [
      [load('L1', 8), load('L1', 16)],
      [`x = c ? (FD0[L1 / 8] ?? DV0.getFloat64((L1 >>> 0), true)) : 0;`, load('L1', 8), load('L1', 16)],
      [`x = c && (FD0[L1 / 8] ?? DV0.getFloat64((L1 >>> 0), true));`, load('L1', 8), load('L1', 16)],
      [`if (c) x = (FD0[L1 / 8] ?? DV0.getFloat64((L1 >>> 0), true));`, load('L1', 8), load('L1', 16)],
      [load('L1', 8), 'B2: for (;;) {', load('L1', 16), load('L1', 24)],
      [load('L1', 8), '}', load('L1', 16), load('L1', 24)],
      [load('L1', 8), 'case 3:', load('L1', 16), load('L1', 24)],
      [load('L1', 8), 'L1 = ((L1 + 8) | 0);', load('L1', 16), load('L1', 24)],
      [load('L1', 8), 'X = (L1 = 5) + 1;', load('L1', 16), load('L1', 24)],
      [load('L1', 8), load('L1', 16), 'a = 1; L1 = (FD0[(L1 + 24) / 8] ?? 0);'],
    ];
    for (const c of cases) {
      const before = [...c];
      expect(shareElementIndexes(c, NO_PARAMS), before.join(' ⏎ ')).toEqual([]);
      expect(c).toEqual(before);
    }
  });

  it('ends a share at the statement assigning its base, which may still read through the quotient', () => {
    const lines = [load('L1', 8), load('L1', 16), 'L1 = ((FD0[(L1 + 24) / 8] ?? DV0.getFloat64(((L1 + 24) >>> 0), true)));', load('L1', 32)];
    expect(shareElementIndexes(lines, NO_PARAMS)).toEqual(['Q8L1']);
    expect(lines[2]).toContain('FD0[Q8L1 + 3]');
    expect(lines[3]).toContain('FD0[(L1 + 32) / 8]');
  });

  it('keeps signed and unsigned bases apart, and widths apart', () => {
    const lines = ['a = IW0[((L0 >>> 0) + 4) / 4];', 'b = IW0[((L0 >>> 0) + 8) / 4];', 'c = IW0[(L0 >>> 0) / 4];', 'd = IW0[L0 / 4];', 'e = UH0[L0 / 2];'];
    expect(shareElementIndexes(lines, NO_PARAMS)).toEqual(['Q4uL0']);
    expect(lines.slice(0, 3)).toEqual(['a = IW0[(Q4uL0 = (L0 >>> 0) / 4) + 1];', 'b = IW0[Q4uL0 + 2];', 'c = IW0[Q4uL0];']);
    expect(lines[3]).toBe('d = IW0[L0 / 4];');
  });

  it('accesses off one base read and write what Node does at every base: aligned, misaligned, negative, past 2^31, at the end', async () => {
    // f64, i32 and i16 fields off one base, a store between loads, the base reassigned, then more fields
    const bytes = await wat(`(module (memory (export "memory") 1)
      (func (export "init") (local i32)
        (loop $l (i32.store8 (local.get 0) (i32.mul (local.get 0) (i32.const 113)))
          (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 65536)))))
      (func (export "rec") (param $p i32) (param $c i32) (result f64) (local $s f64)
        (if (local.get $c) (then (local.set $s (f64.load (i32.add (local.get $p) (i32.const 24))))))
        (local.set $s (f64.add (local.get $s) (f64.load (local.get $p))))
        (local.set $s (f64.add (local.get $s) (f64.load (i32.add (local.get $p) (i32.const 8)))))
        (f64.store (i32.add (local.get $p) (i32.const 16)) (f64.mul (local.get $s) (f64.const 0.5)))
        (local.set $s (f64.add (local.get $s) (f64.load (i32.sub (local.get $p) (i32.const 8)))))
        (local.set $s (f64.add (local.get $s) (f64.convert_i32_s (i32.load (i32.add (local.get $p) (i32.const 4))))))
        (local.set $s (f64.add (local.get $s) (f64.convert_i32_s (i32.load (i32.add (local.get $p) (i32.const 12))))))
        (local.set $s (f64.add (local.get $s) (f64.convert_i32_s (i32.load (local.get $p)))))
        (local.set $s (f64.add (local.get $s) (f64.convert_i32_s (i32.load16_u (i32.add (local.get $p) (i32.const 2))))))
        (local.set $s (f64.add (local.get $s) (f64.convert_i32_s (i32.load16_s (i32.add (local.get $p) (i32.const 6))))))
        (local.set $s (f64.add (local.get $s) (f64.convert_i32_s (i32.load16_u (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 40)))
        (local.set $s (f64.add (local.get $s) (f64.load (local.get $p))))
        (local.set $s (f64.add (local.get $s) (f64.load (i32.add (local.get $p) (i32.const 8)))))
        (local.set $s (f64.add (local.get $s) (f64.load (i32.sub (local.get $p) (i32.const 16)))))
        (local.get $s))
      (func (export "get") (param i32) (result i64) (i64.load (local.get 0))))`);
    const code = compileToJs(bytes, { compiler: jit }).code;
    // (the pass fires: f64, i32 and 16-bit fields each through one quotient, signed and unsigned halves alike)
    for (const s of ['FD0[Q8L0 = L0 / 8]', 'FD0[SX = Q8L0 + 2]', 'FD0[Q8L0 - 1]', 'IW0[(Q4L0 = L0 / 4) + 1]', 'UH0[(Q2L0 = L0 / 2) + 1]', 'IH0[Q2L0 + 3]']) expect(code).toContain(s);
    // (the load under `if` is its own run)
    expect(code).toContain('FD0[(L0 + 24) / 8]');
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: number[]) => unknown>;
    x.init();
    native.init();
    const bases = [0, 8, 16, 1, 2, 3, 4, 5, 6, 7, 44, 1000, 65536 - 48, 65536 - 40, 65536 - 24, 65536 - 8, 65536 - 4, 65536,
      -8, -16, -40, -1, 0x7ffffff8, -0x80000000, -0x7ffffff8, 0x7fffffff];
    for (const c of [0, 1]) {
      for (const p of bases) expect(outcome(x.rec, p, c), `rec(${p}, ${c})`).toBe(outcome(native.rec, p, c));
    }
    for (let a = 0; a < 65536; a += 8) if (x.get(a) !== native.get(a)) expect(x.get(a), `memory at ${a}`).toBe(native.get(a));
  });

  const reg = (k: number): string => `((UB0[(L1 + ${k})] ?? DV0.getUint8(((L1 + ${k}) >>> 0))))`;
  const regRead = (k: number, t: string): string => `if ((${t} = IW0[(L2 + (${reg(k)} << 2)) / 4]) === undefined) ${t} = DV0.getInt32(((L2 + (((DV0.getUint8(((L1 + ${k}) >>> 0)))) << 2)) >>> 0), true);`;

  it('keeps the quotient beside a base assigned outside the loop of its scaled accesses: `IW0[(B + (r << 2)) / 4]` is `IW0[Q4B + r]`', () => {
    const lines = ['B1: for (;;) {', 'L2 = 66656;', 'if (IW0[SX = L2 / 4] === undefined) DV0.setInt32((L2 >>> 0), 1, true); else IW0[SX] = 1;',
      'B4: for (;;) {', regRead(1025, 'a'), regRead(1026, 'c'), 'if (a) break B4;', '}', 'if (c) break B1;', '}'];
    expect(shareElementIndexes(lines, NO_PARAMS)).toEqual(['Q4L2']);
    expect(lines[1]).toBe('L2 = 66656; Q4L2 = L2 / 4;');
    expect(lines[2]).toContain('IW0[SX = Q4L2]');
    expect(lines[4]).toContain(`IW0[Q4L2 + ${reg(1025)}]`);
    // (the fallback keeps the address)
    expect(lines[4]).toContain('DV0.getInt32(((L2 + (((DV0.getUint8(((L1 + 1025) >>> 0)))) << 2)) >>> 0), true)');
  });

  it('indexes a store whose address was computed into a slot off the quotient where the store follows in straight-line code and alone reads the slot', () => {
    const addr = `i0 = (L2 + (${reg(1025)} << 2)) | 0;`;
    const store = 'if (IW0[SX = i0 / 4] === undefined) DV0.setInt32((i0 >>> 0), SV, true); else IW0[SX] = SV;';
    const loop = (...body: string[]): string[] => ['L2 = 66656;', 'B4: for (;;) {', regRead(1026, 'a'), ...body, '}'];
    const lines = loop(addr, 'SV = a;', store);
    expect(shareElementIndexes(lines, NO_PARAMS)).toEqual(['Q4L2']);
    expect(lines[3]).toBe('if ((i0 = UB0[(L1 + 1025)]) === undefined) i0 = DV0.getUint8(((L1 + 1025) >>> 0));');
    expect(lines[5]).toBe('if (IW0[SX = Q4L2 + i0] === undefined) DV0.setInt32(((L2 + (i0 << 2)) >>> 0), SV, true); else IW0[SX] = SV;');
    for (const body of [[addr, 'B5: {', store, '}'], [addr, 'SV = i0;', store], [addr, 'a = i0 + 1;', 'SV = a;', store]]) {
      const c = loop(...body);
      shareElementIndexes(c, NO_PARAMS);
      expect(c[3], body.join(' ⏎ ')).toBe(addr);
    }
  });

  it('keeps no quotient for a parameter, a base assigned in the loop of its accesses or in a statement of several, or a shift of a wider value', () => {
    const cases: [string[], ReadonlySet<string>][] = [
      [['B4: for (;;) {', regRead(1025, 'a'), '}'], new Set(['L2'])],
      [['B4: for (;;) {', 'L2 = 66656;', regRead(1025, 'a'), '}'], NO_PARAMS],
      [['L2 = 66656; x = 1;', 'B4: for (;;) {', regRead(1025, 'a'), '}'], NO_PARAMS],
      [['L2 = 66656;', 'if ((L2 = IW0[3]) === undefined) L2 = DV0.getInt32(12, true);', 'B4: for (;;) {', regRead(1025, 'a'), '}'], NO_PARAMS],
      [['L2 = 66656;', 'B4: for (;;) {', 'a = IW0[(L2 + (i0 << 2)) / 4];', 'a = IW0[(L2 + ((IW0[L1 / 4] ?? DV0.getInt32((L1 >>> 0), true)) << 2)) / 4];', '}'], NO_PARAMS],
    ];
    for (const [c, params] of cases) {
      const before = [...c];
      expect(shareElementIndexes(c, params), before.join(' ⏎ ')).toEqual([]);
      expect(c).toEqual(before);
    }
  });

  it('a register machine: register reads off a base set in the outer loop read what Node reads, at every base, before the base is set too', async () => {
    // the base of the "register file" is set at the end of each outer iteration: the first pass reads
    // through base 0 (the quotient undefined: the DataView reads); bases misaligned, negative, at the end
    const bytes = await wat(`(module (memory (export "memory") 1)
      (func (export "init") (local i32)
        (loop $l (i32.store8 (local.get 0) (i32.mul (local.get 0) (i32.const 89)))
          (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 65536)))))
      (func (export "run") (param $b i32) (param $code i32) (param $n i32) (result i32) (local $rf i32) (local $pc i32) (local $s i32) (local $o i32)
        (loop $outer
          (local.set $pc (i32.const 0))
          (loop $inner
            (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get $rf) (i32.shl (i32.load8_u (i32.add (local.get $code) (local.get $pc))) (i32.const 2))))))
            (local.set $s (i32.xor (local.get $s) (i32.load (i32.add (local.get $rf) (i32.shl (i32.load8_u offset=1 (i32.add (local.get $code) (local.get $pc))) (i32.const 2))))))
            (local.set $s (i32.add (local.get $s) (i32.load16_u (i32.add (local.get $rf) (i32.shl (i32.load16_u offset=2 (i32.add (local.get $code) (local.get $pc))) (i32.const 1))))))
            (i32.store (i32.add (local.get $rf) (i32.shl (i32.load8_u offset=3 (i32.add (local.get $code) (local.get $pc))) (i32.const 2)))
              (i32.add (local.get $s) (local.get $pc)))
            (i32.store (i32.add (local.get $rf) (i32.shl (i32.load8_u offset=1 (i32.add (local.get $code) (local.get $pc))) (i32.const 2)))
              (i32.xor (i32.load (local.get $rf)) (i32.load offset=4 (local.get $code))))
            (br_if $inner (i32.lt_u (local.tee $pc (i32.add (local.get $pc) (i32.const 4))) (i32.const 64))))
          (local.set $rf (i32.add (local.get $b) (local.get $o)))
          (local.set $o (i32.add (local.get $o) (i32.const 4)))
          (br_if $outer (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (local.get $s))
      (func (export "get") (param i32) (result i64) (i64.load (local.get 0))))`);
    const code = compileToJs(bytes, { compiler: jit }).code;
    expect(code).toMatch(/IW0\[Q4L3 \+ \(+UB0\[/);
    expect(code).toMatch(/UH0\[Q2L3 \+ \(+UH0\[/);
    // (stores index off the quotient too; a register number computed before the stored value stays in its slot)
    expect(code).toMatch(/IW0\[SX = Q4L3 \+ \(+UB0\[/);
    expect(code).toMatch(/if \(\(i0 = UB0\[[^\]]*\]\) === undefined\) i0 = DV0\.getUint8\(/);
    expect(code).toContain('IW0[SX = Q4L3 + i0] === undefined) DV0.setInt32(((L3 + (i0 << 2)) >>> 0), ');
    const native = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports;
    const x = new Instance(new Module(bytes), {}, { store: new Store({ tier: 'js', compiler: jit }) }).exports as Record<string, (...a: number[]) => unknown>;
    x.init();
    native.init();
    const bases = [0, 4, 1, 2, 3, 1024, 65536 - 1024, 65536 - 1020, 65536 - 1023, 65536 - 8, 65536, -4, -1024, -1, 0x7ffffffc, -0x80000000];
    for (const b of bases) {
      for (const c of [0, 100, 65536 - 64, 65536 - 63]) {
        expect(outcome(x.run, b, c, 5), `run(${b}, ${c})`).toBe(outcome(native.run, b, c, 5));
      }
      for (let a = 0; a < 65536; a += 8) if (x.get(a) !== native.get(a)) expect(x.get(a), `memory at ${a} after run(${b}, …)`).toBe(native.get(a));
    }
  });
});
