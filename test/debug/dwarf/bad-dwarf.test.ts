// Bad or truncated DWARF: the reader answers or throws DebugInfoError naming the section and offset;
// never another exception, never a hang. Deterministic mutations of the fixtures' debug sections.
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../../src/decoder/decode-module.js';
import type { Module } from '../../../src/decoder/module.js';
import { loadSourceInfo } from '../../../src/debug/dwarf/index.js';
import { DebugInfoError } from '../../../src/debug/source-info.js';
import type { FrameAccess } from '../../../src/debug/source-info.js';
import { wasm } from './fixtures.js';

/** Every local, global and operand reads 0x400; memory is 64 KiB of a repeating pattern. */
const MEMORY = new Uint8Array(65536).map((_, i) => (i * 7) & 0xff);
const FRAME: FrameAccess = {
  local: () => 0x400, global: () => 0x400, operand: () => 0x400,
  readMemory(address, length) {
    if (address + length > MEMORY.length) throw new DebugInfoError(`out of bounds: ${address}+${length}`);
    return MEMORY.slice(address, address + length);
  },
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Exercises every query over the whole code range; returns the error, if any. */
function exercise(module: Module, codeSize: number): unknown {
  try {
    const si = loadSourceInfo(module);
    if (!si) return undefined;
    for (const f of si.files()) si.breakpointAddresses(f, 20 + (f.length % 30));
    for (let pc = 0; pc < codeSize; pc += 7) {
      si.locationAt(pc);
      si.isStatementStart(pc);
      si.prologueEnd(pc);
      const frames = si.framesAt(pc);
      for (let d = 0; d < frames.length; d++) {
        for (const v of si.variablesAt(pc, d, FRAME)) {
          const kids = v.children?.() ?? [];
          for (const k of kids.slice(0, 4)) k.children?.();
        }
      }
    }
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('bad DWARF', () => {
  for (const name of ['fib.O1', 'sort.O0', 'shapes.O0']) {
    it(`${name}: truncated and bit-flipped debug sections give DebugInfoError or an answer`, () => {
      const bytes = wasm(name);
      const module = decodeModule(bytes);
      const codeSize = module.codes.length > 0 ? module.codes[module.codes.length - 1].codeEnd - (module.sectionOffsets?.[10] ?? 0) : 0;
      const random = rng(name.length * 977);
      const debug = module.customs.filter((c) => c.name.startsWith('.debug_'));
      expect(debug.length).toBeGreaterThan(2);
      let errors = 0;
      for (let round = 0; round < 60; round++) {
        const target = debug[Math.floor(random() * debug.length)];
        let data: Uint8Array = target.data.slice();
        if (round % 2 === 0) data = data.subarray(0, Math.floor(random() * data.length));
        else for (let k = 0; k < 4; k++) data[Math.floor(random() * data.length)] ^= 1 << Math.floor(random() * 8);
        const customs = module.customs.map((c) => (c === target ? { ...c, data } : c));
        const err = exercise({ ...module, customs }, codeSize);
        if (err !== undefined) {
          expect(err, `${target.name} round ${round}: ${String(err)}`).toBeInstanceOf(DebugInfoError);
          expect((err as Error).message).toMatch(/\.debug_\w+ at offset 0x[0-9a-f]+|location expression|DW_AT|frame base|out of bounds/);
          errors++;
        }
      }
      expect(errors).toBeGreaterThan(0); // the mutations do reach the error paths
    });
  }

  it('names the section and offset', () => {
    const module = decodeModule(wasm('fib.O0'));
    const customs = module.customs.map((c) => (c.name === '.debug_line' ? { ...c, data: c.data.subarray(0, 30) } : c));
    expect(() => loadSourceInfo({ ...module, customs })).toThrow(/\.debug_line at offset 0x[0-9a-f]+/);
  });
});

describe('bad location expressions', () => {
  it('loops, underflow and unknown operations end in DebugInfoError', async () => {
    const { evaluateLocation } = await import('../../../src/debug/dwarf/location.js');
    const ctx = { frame: FRAME, addressSize: 4, frameBase: () => 0n, addrx: () => 0 };
    const run = (...b: number[]) => () => evaluateLocation(new Uint8Array(b), ctx);
    expect(run(0x2f, 0xfd, 0xff)).toThrow(/does not terminate/); // DW_OP_skip -3: jumps to itself
    expect(run(0x22)).toThrow(/underflow/); // DW_OP_plus on an empty stack
    expect(run(0xe0)).toThrow(/unsupported DWARF operation 0xe0/);
    expect(run(0x10)).toThrow(/unterminated LEB128/); // DW_OP_constu without its operand
    expect(run(0x50)).toThrow(/no registers/);
    expect(evaluateLocation(new Uint8Array([0x31, 0x32, 0x1e, 0x9f]), ctx)).toEqual({ k: 'value', bytes: new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0]) });
  });
});
