// The spec-test runner's own pieces: the .wast reader, exact float literals, command shapes, and an end-to-end
// run against Node's WebAssembly (the `--engine node` self-check), which must pass whole files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { componentValue, componentValueEquals } from '../../spec-tests/component-values.js';
import { readCommands } from '../../spec-tests/wast/commands.js';
import { f32Bits, f64Bits, i32Bits, i64Bits } from '../../spec-tests/wast/numbers.js';
import { parseSExprs } from '../../spec-tests/wast/sexpr.js';
import { projectRoot } from '../real-modules/corpus.js';

describe('wast reader', () => {
  it('reads strings with every escape as bytes', () => {
    const [s] = parseSExprs(String.raw`"a\n\t\r\\\'\"\00\ff\u{1F600}é"`);
    expect(s!.kind).toBe('string');
    const bytes = s!.kind === 'string' ? Array.from(s!.bytes) : [];
    expect(bytes).toEqual([0x61, 10, 9, 13, 0x5c, 0x27, 0x22, 0, 0xff, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9]);
  });

  it('skips line and nested block comments, drops annotations, keeps spans', () => {
    const src = '(; a (; nested ;) b ;) ;; line\n(module (@custom "x" (after func)) (func)) (@top)';
    const forms = parseSExprs(src);
    expect(forms.length).toBe(1);
    const m = forms[0]!;
    expect(m.kind === 'list' && m.items.map((i) => (i.kind === 'list' ? 'list' : i.kind === 'atom' ? i.text : 'str'))).toEqual(['module', 'list']);
    // The slice still carries the annotation for the converter.
    expect(src.slice(m.start, m.end)).toBe('(module (@custom "x" (after func)) (func))');
  });

  it('rejects unbalanced input', () => {
    expect(() => parseSExprs('(module')).toThrow();
    expect(() => parseSExprs('"abc')).toThrow();
    expect(() => parseSExprs('(; open')).toThrow();
  });
});

describe('numeric literals', () => {
  it('parses integers in every form', () => {
    expect(i32Bits('0xffff_ffff')).toBe(-1);
    expect(i32Bits('-0x8000_0000')).toBe(-0x80000000);
    expect(i32Bits('+42')).toBe(42);
    expect(i64Bits('18446744073709551615')).toBe(-1n);
    expect(i64Bits('-9223372036854775808')).toBe(-(2n ** 63n));
  });

  it('rounds decimal f32 literals once, exactly (no double rounding)', () => {
    // 1 + 2^-24 is the midpoint between 1 and the next f32; anything above it must round up.
    expect(f32Bits('1.000000059604644775390625')).toBe(0x3f800000); // tie → even
    expect(f32Bits('1.00000005960464477539062500001')).toBe(0x3f800001);
    expect(f32Bits('1.00000005960464477539062499999')).toBe(0x3f800000);
    expect(f32Bits('3.4028235e38')).toBe(0x7f7fffff);
    expect(f32Bits('1e-45')).toBe(1);
  });

  it('parses hex floats exactly, including subnormals and ties', () => {
    expect(f32Bits('0x1.fffffep+127')).toBe(0x7f7fffff);
    expect(f32Bits('-0x1p-149')).toBe(0x80000001);
    expect(f32Bits('0x1p-150')).toBe(0); // half the smallest subnormal: tie → even (zero)
    expect(f32Bits('0x1.000001p0')).toBe(0x3f800000);
    expect(f32Bits('0x1.000003p0')).toBe(0x3f800002);
    expect(f64Bits('0x1.fffffffffffffp+1023')).toBe(0x7fefffffffffffffn);
    expect(f64Bits('0x0.0000000000001p-1022')).toBe(1n);
  });

  it('parses infinities and NaN payloads', () => {
    expect(f32Bits('-inf')).toBe(0xff800000);
    expect(f32Bits('nan')).toBe(0x7fc00000);
    expect(f32Bits('-nan:0x1')).toBe(0xff800001);
    expect(f64Bits('nan:0x4000000000000')).toBe(0x7ff4000000000000n);
  });
});

describe('commands', () => {
  it('reads module shapes and drops `definition` for the converter', () => {
    const src = '(module definition $D (func)) (module instance $I $D) (module $B binary "\\00asm" "\\01\\00\\00\\00") (module quote "(func)")';
    const cs = readCommands(parseSExprs(src), src);
    expect(cs.map((c) => c.type)).toEqual(['module', 'module instance', 'module', 'module']);
    const [d, inst, b, q] = cs;
    expect(d!.type === 'module' && d!.form.definition && d!.form.text).toBe('(module  $D (func))');
    expect(inst!.type === 'module instance' && [inst!.id, inst!.def]).toEqual(['$I', '$D']);
    expect(b!.type === 'module' && Array.from(b!.form.bytes!)).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(q!.type === 'module' && q!.form.text).toBe('(module (func))');
  });

  it('turns bare module fields into one implicit module', () => {
    const src = '(func) (memory 0) (func (export "f"))';
    const cs = readCommands(parseSExprs(src), src);
    expect(cs.length).toBe(1);
    expect(cs[0]!.type === 'module' && cs[0]!.form.text).toBe('(module (func) (memory 0) (func (export "f")))');
  });

  it('reads assertions with actions and expectations', () => {
    const src = '(assert_return (invoke $M "f" (i32.const 1)) (either (i32.const 1) (i32.const 2))) (assert_trap (invoke "g") "unreachable")';
    const [r, t] = readCommands(parseSExprs(src), src);
    expect(r!.type === 'assert_return' && [r!.action.module, r!.action.name, r!.action.args.length, r!.expected.length]).toEqual(['$M', 'f', 1, 1]);
    expect(t!.type === 'assert_trap' && t!.message).toBe('unreachable');
  });
});

describe('component value constants', () => {
  const read = (text: string) => componentValue(parseSExprs(text)[0]!);

  it('reads every kind, including unparenthesized record fields', () => {
    expect(read('(u32.const 0xffff_ffff)')).toEqual({ kind: 'u32', value: 0xffffffff });
    expect(read('(s64.const -1)')).toEqual({ kind: 's64', value: -1n });
    expect(read('(char.const "\u{1F600}")')).toEqual({ kind: 'char', value: '😀' });
    expect(read('(record.const (field "a" u8.const 1) (field "b" (str.const "x")))')).toEqual({
      kind: 'record',
      fields: [['a', { kind: 'u8', value: 1 }], ['b', { kind: 'string', value: 'x' }]],
    });
    expect(read('(variant.const "b")')).toEqual({ kind: 'variant', case: 'b', value: undefined });
    expect(read('(result.err (enum.const "e"))')).toEqual({ kind: 'result', ok: false, value: { kind: 'enum', case: 'e' } });
    expect(() => read('(u8.const 256)')).toThrow(/out of range/);
    expect(() => read('(char.const "ab")')).toThrow();
  });

  it('compares structurally, flags as sets, NaN with NaN', () => {
    expect(componentValueEquals(read('(flags.const "a" "b")'), read('(flags.const "b" "a")'))).toBe(true);
    expect(componentValueEquals(read('(enum.const "a")'), read('(enum.const "b")'))).toBe(false);
    expect(componentValueEquals(read('(f32.const nan)'), read('(f32.const nan:0x1)'))).toBe(true);
    expect(componentValueEquals(read('(list.const (u8.const 1))'), read('(list.const (u8.const 2))'))).toBe(false);
    expect(componentValueEquals(read('(option.some (u8.const 1))'), read('(option.none)'))).toBe(false);
  });
});

describe('runner end to end (Node WebAssembly as the engine)', () => {
  it('passes whole 2.0 files and prints one JSON object', () => {
    const r = spawnSync(
      'npx',
      ['tsx', 'spec-tests/run.ts', '--engine', 'node', '--suite', 'core-2.0', '--file', '/i32.wast', '--file', '/br_table.wast', '--file', '/linking.wast', '--file', '/f32_cmp.wast', '--json'],
      { cwd: projectRoot, encoding: 'utf8' },
    );
    const report = JSON.parse(r.stdout) as { suites: Record<string, { passed: number; failed: number; skipped: number; byKind: Record<string, { passed: number }> }> };
    const s = report.suites['core-2.0']!;
    expect(s.failed).toBe(0);
    expect(s.passed).toBeGreaterThan(3000);
    expect(s.byKind.assert_return!.passed).toBeGreaterThan(2500);
    expect(s.byKind.register!.passed).toBeGreaterThan(0);
    expect(s.byKind.assert_unlinkable!.passed).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  });

  it('exits 1 and names the failure when a directive fails', () => {
    // Node canonicalizes NaN payloads through JS numbers, so float_misc's payload checks fail under it.
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'spec-tests/run.ts', '--engine', 'node', '--suite', 'core-2.0', '--file', '/float_misc.wast', '--verbose', '--jobs', '1'], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/float_misc\.wast:\d+: assert_return: f32\.abs: result 0: expected \(f32\.const nan:0x0f1e2\)/);
  });
});

describe('runner robustness', () => {
  it('kills a worker stuck in an endless loop, counts the file as failed and goes on', () => {
    // A private shared dir with three tiny scripts: one never ends, one passes, one fails.
    const shared = mkdtempSync(join(tmpdir(), 'purewasm-spec-'));
    const dir = join(shared, 'fixtures/spec/core/2.0');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hang.wast'), '(module (func (export "f") (loop (br 0)))) (invoke "f")');
    writeFileSync(join(dir, 'ok.wast'), '(module (func (export "g") (result i32) (i32.const 3))) (assert_return (invoke "g") (i32.const 3))');
    writeFileSync(join(dir, 'bad.wast'), '(module (func (export "g") (result i32) (i32.const 3))) (assert_return (invoke "g") (i32.const 4))');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'spec-tests/run.ts', '--suite', 'core-2.0', '--jobs', '2', '--timeout', '3', '--json'], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, PUREWASM_SHARED: shared },
    });
    const s = (JSON.parse(r.stdout) as { suites: Record<string, { byKind: Record<string, { passed: number; failed: number }> }> }).suites['core-2.0']!;
    expect(s.byKind.timeout).toEqual({ passed: 0, failed: 1, skipped: 0 });
    expect(s.byKind.assert_return).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(r.status).toBe(1);
  });
});

describe('runner with components', () => {
  it('validates, instantiates and invokes components, registering named instances', () => {
    const shared = mkdtempSync(join(tmpdir(), 'purewasm-spec-'));
    const dir = join(shared, 'fixtures/spec/component/wasm-tools');
    mkdirSync(dir, { recursive: true });
    const lift = '(core module $m (func (export "") (result i32) i32.const 7)) (core instance $i (instantiate $m)) (func (export "a") (result u32) (canon lift (core func $i "")))';
    writeFileSync(
      join(dir, 'calls.wast'),
      `(component $c ${lift})
(assert_return (invoke "a") (u32.const 7))
(assert_return (invoke "a") (u32.const 8))
(component (import "c" (instance (export "a" (func (result u32))))))
(assert_invalid (component (import "a" (func)) (import "a" (func))) "conflicts")`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'spec-tests/run.ts', '--suite', 'component-wasm-tools', '--json'], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, PUREWASM_SHARED: shared },
    });
    const s = (JSON.parse(r.stdout) as { suites: Record<string, { byKind: Record<string, { passed: number; failed: number; skipped: number }> }> }).suites['component-wasm-tools']!;
    // Both components validate (the second imports the first, registered as "c"); one result matches.
    expect(s.byKind.component).toEqual({ passed: 2, failed: 0, skipped: 0 });
    expect(s.byKind.assert_invalid).toEqual({ passed: 1, failed: 0, skipped: 0 });
    // Through the component runtime: the right result passes, the wrong one fails.
    expect(s.byKind.assert_return).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(r.status).toBe(1);
  });
});
