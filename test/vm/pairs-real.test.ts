// The pairs chosen from real programs' dispatch counts (session 10: sql.js, esbuild, the C fixtures) against
// Node's WebAssembly, and their traps: a fused case does not advance pc between its parts, so a trap in the
// second part must still name the second instruction's offset — the same backtrace as with pairing off.
import { afterEach, describe, expect, it } from 'vitest';
import { Instance, Module, Trap } from '../../src/index.js';
import { NodeWasm, buildModule, i32, i64, sleb } from './wasm-builder.js';
import type { FuncDef } from './wasm-builder.js';
import { disassemble } from '../../src/vm/translate/disasm.js';
import { translateOptions } from '../../src/vm/translate/options.js';
import type { FuncInst } from '../../src/vm/runtime/func.js';

const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const funcs: FuncDef[] = [
  // CONST__BR: a constant into a local, then a branch (Go's code sets its resume point so)
  { params: [i32], results: [i64], locals: [i64], export: 'const_br', body: [0x02, 0x40, 0x42, ...sleb(-5), ...set(1), 0x0c, 0, 0x0b, ...get(1)] },
  // BR_IF__CONST: the branch taken (the constant skipped) or not
  { params: [i32], results: [i64], locals: [i64], export: 'brif_const', body: [0x02, 0x40, ...get(0), 0x0d, 0, 0x42, ...sleb(0x1234567890), ...set(1), 0x0b, ...get(1)] },
  // I64_EXTEND_I32_U__I64_ADD_P: an unsigned i32 widened and added (addresses in 64-bit code)
  { params: [i32, i64], results: [i64], export: 'ext_add', body: [...get(0), 0xad, ...get(1), 0x7c] },
  // I32_ADD_I_P__GLOBAL_SET: a stack pointer moved
  { params: [i32], results: [i32], export: 'sp_add', body: [0x23, 0, ...get(0), 0x6a, 0x41, ...sleb(-16), 0x6a, 0x24, 0, 0x23, 0] },
  // I32_LOAD_P__I32_LOAD_P and I32_STORE_P__I32_LOAD_P, either part out of bounds
  { params: [i32, i32], results: [i32], export: 'load_load', body: [...get(0), 0x28, 2, 0, ...get(1), 0x28, 2, 4, 0x6b] },
  { params: [i32, i32, i32], results: [i32], export: 'store_load', body: [...get(0), ...get(1), 0x36, 2, 8, ...get(2), 0x28, 2, 0] },
];
const bytes = buildModule({ funcs, memory: { min: 1 }, globals: [{ type: i32, mutable: true, init: [0x41, ...sleb(4096)] }] });

type Exports = Record<string, (...a: unknown[]) => unknown>;
const node = new NodeWasm.Instance(new NodeWasm.Module(bytes), {}).exports as Exports;

/** The result, or the trap and the module offset of its innermost frame. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return e instanceof Trap ? `trap ${e.message} at ${e.wasmStack[0]?.offset}` : 'trap';
  }
}

const CASES: [string, unknown[]][] = [
  ['const_br', [0]],
  ['brif_const', [0]],
  ['brif_const', [1]],
  ...[0, 1, -1, 0x7fffffff].flatMap((x): [string, unknown[]][] => [0n, 1n, -1n, 0xffffffffn, -0x100000000n, 0x7fffffffffffffffn].map((y) => ['ext_add', [x, y]])),
  ['sp_add', [0]],
  ['sp_add', [-0x7fffffff]],
  ['sp_add', [0x7fffffff]],
  ...[[0, 0], [65532, 0], [0, 65532], [65533, 0], [0, 65529], [-1, 0]].map((a): [string, unknown[]] => ['load_load', a]),
  ...[[0, 7, 0], [65524, 1, 65532], [65532, 1, 0], [0, 1, 65533], [100, -1, 104]].map((a): [string, unknown[]] => ['store_load', a]),
];

describe('pairs from real programs', () => {
  afterEach(() => {
    translateOptions.disabled = new Set();
  });

  it('agree with Node, and the fused forms are the ones that ran', () => {
    const inst = new Instance(new Module(bytes), {});
    const ours = inst.exports as Exports;
    for (const [name, args] of CASES) {
      const a = outcome(() => ours[name](...args));
      const b = outcome(() => node[name](...args));
      expect([name, args, typeof a === 'string' ? 'trap' : a]).toEqual([name, args, typeof b === 'string' ? 'trap' : b]);
    }
    const objs = (inst as unknown as { exportObjects: Map<string, FuncInst> }).exportObjects;
    const listing = (name: string): string => disassemble(objs.get(name)!.code!);
    expect(listing('const_br')).toContain('CONST__BR');
    expect(listing('brif_const')).toContain('BR_IF__CONST');
    expect(listing('ext_add')).toContain('I64_EXTEND_I32_U__I64_ADD_P');
    expect(listing('sp_add')).toContain('I32_ADD_I_P__GLOBAL_SET');
    expect(listing('load_load')).toContain('I32_LOAD_P__I32_LOAD_P');
    expect(listing('store_load')).toContain('I32_STORE_P__I32_LOAD_P');
  });

  it('trap where the unfused code traps: same message, same instruction offset', () => {
    const run = (): unknown[] => {
      const ours = new Instance(new Module(bytes), {}).exports as Exports;
      return CASES.map(([name, args]) => outcome(() => ours[name](...args)));
    };
    const fused = run();
    translateOptions.disabled = new Set(['pairs']);
    const plain = run();
    expect(fused).toEqual(plain);
    // the second parts did trap (at a known offset), so the comparison covered them
    expect(fused.filter((r) => typeof r === 'string' && /at \d+$/.test(r)).length).toBeGreaterThanOrEqual(6);
  });
});
