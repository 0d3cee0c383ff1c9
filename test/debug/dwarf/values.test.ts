// variablesAt / evaluate against scenarios.json.
//
// Real values: the FIRST stop of every scenario is reproduced natively (native-stop.ts: Node's WebAssembly
// runs a copy of the program that traps at the same breakpoint hit), so linear memory is the program's own
// at that stop. Wasm locals do not survive the trap; the frame's locals the reader needs come from the
// scenario's recorded `storage` facts (frame_base_value for -O0 frame bases, the value itself for -O1
// variables held in a wasm local or on the operand stack), which were read from an instrumented run.
// Later stops (after steps) cannot be reproduced without a paused machine: there the test checks the
// names in scope, types, location descriptions and memory addresses (frame base + DW_OP_fbreg) against the
// recorded ones, and leaves the values to the debugger engine's tests.
import { describe, expect, it } from 'vitest';
import { loadSourceInfo } from '../../../src/debug/dwarf/index.js';
import { DebugInfoError } from '../../../src/debug/source-info.js';
import type { FrameAccess, SourceInfo, VariableView } from '../../../src/debug/source-info.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEBUG_DIR, expectedLines, scenarios, wasm } from './fixtures.js';
import type { Json } from './fixtures.js';
import { memoryAtTrap, trapAtHit } from './native-stop.js';

/** A frame's wasm locals and operand stack as the scenario recorded them. */
function recordedFrame(locals: Json, operands: Json, memory: Uint8Array | undefined, stackPointer?: number): FrameAccess {
  const wasmLocals = new Map<number, number>();
  const stack = new Map<number, number>();
  for (const v of Object.values((locals ?? {}) as Record<string, Json>)) {
    const st = v.storage ?? {};
    if (st.frame_base?.kind === 'wasm-local') wasmLocals.set(st.frame_base.local, st.frame_base_value);
    if (st.kind === 'wasm-local' && typeof v.value === 'number') wasmLocals.set(st.local, v.value);
  }
  for (const v of Object.values((operands ?? {}) as Record<string, Json>)) {
    const m = /DW_OP_WASM_location 0x2 0x([0-9a-f]+)/.exec(v.location);
    if (m) stack.set(parseInt(m[1], 16), v.value);
  }
  return {
    local(i) {
      const v = wasmLocals.get(i);
      if (v === undefined) throw new DebugInfoError(`wasm local ${i} not recorded by the scenario`);
      return v | 0;
    },
    global(i) {
      if (i === 0 && stackPointer !== undefined) return stackPointer | 0;
      throw new DebugInfoError(`wasm global ${i} not recorded by the scenario`);
    },
    operand(i) {
      const v = stack.get(i);
      if (v === undefined) throw new DebugInfoError(`operand ${i} not recorded by the scenario`);
      return v | 0;
    },
    readMemory(address, length) {
      if (!memory) throw new DebugInfoError('memory is not available at this stop in the test');
      if (address + length > memory.length) throw new DebugInfoError(`memory read out of bounds at ${address}`);
      return memory.slice(address, address + length);
    },
  };
}

/** The frame base expression lines.json records for the function containing pc. */
function frameBaseOf(binary: string, pc: number): string {
  const f = expectedLines(binary.replace(/\.wasm$/, '')).functions.find((x) => x.dwarf && pc >= x.dwarf.low_pc && pc < x.dwarf.high_pc);
  return f?.dwarf?.frame_base ?? '';
}

/** Does the function containing pc execute `global.set 0` before pc (llvm-objdump's listing)? */
function storesStackPointerBefore(binary: string, pc: number): boolean {
  const text = readFileSync(join(DEBUG_DIR, 'expected', binary.replace(/\.wasm$/, '.objdump.txt')), 'utf8');
  let inFunction = false;
  let found = false;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]{8}) <[^>]+>:/.exec(line);
    if (head) {
      if (parseInt(head[1], 16) > pc) break;
      inFunction = true;
      found = false;
      continue;
    }
    const ins = /^\s+([0-9a-f]+):.*\tglobal\.set\t0\s*$/.exec(line);
    if (inFunction && ins && parseInt(ins[1], 16) < pc) found = true;
  }
  return found;
}

/** A view as scenarios.json writes values: numbers, lists, objects, enumerator names. */
function plain(v: VariableView): unknown {
  if (v.type.endsWith(']') && v.children) return v.children().map(plain);
  if (v.value.endsWith('{…}') && v.children) return Object.fromEntries(v.children().map((c) => [c.name, plain(c)]));
  if (v.raw !== undefined) return typeof v.raw === 'bigint' ? Number(v.raw) : v.raw;
  return v.value;
}

function check(si: SourceInfo, pc: number, depth: number, frame: FrameAccess, want: Json, values: boolean, where: string): void {
  const views = si.variablesAt(pc, depth, frame);
  for (const [name, exp] of Object.entries((want.locals ?? {}) as Record<string, Json>)) {
    const v = views.find((x) => x.name === name);
    expect(v, `${where}: ${name}`).toBeDefined();
    if (!v) continue;
    expect(v.type, `${where}: type of ${name}`).toBe(exp.type);
    expect(v.location, `${where}: location of ${name}`).toBe(exp.location);
    if (exp.address !== undefined) expect(v.address, `${where}: address of ${name}`).toBe(exp.address);
    if (values && !(want.uninitialized ?? []).includes(name)) expect(plain(v), `${where}: value of ${name}`).toEqual(exp.value);
  }
}

describe('scenarios.json: variables and expressions', () => {
  for (const s of scenarios()) {
    const si = loadSourceInfo(wasm(s.binary));
    if (!si) continue; // the stripped binary: raw wasm locals are the engine's business

    it(`${s.id}: names in scope, types, locations and addresses at every stop`, () => {
      for (const [n, stop] of (s.stops as Json[]).entries()) {
        const where = `stop ${n} (pc ${stop.pc})`;
        const frame = recordedFrame(stop.locals, stop.operand_stack_values, undefined);
        expect(si.variablesAt(stop.pc, 0, frame).map((v) => v.name), `${where} in scope`).toEqual(stop.in_scope);
        check(si, stop.pc, 0, frame, stop, false, where);
        for (const o of (stop.optimized_out ?? []) as Json[]) {
          expect(si.variablesAt(stop.pc, 0, frame).find((v) => v.name === o.name)?.value).toBe('<optimized out>');
        }
      }
    });

    it(`${s.id}: values at the first stop, from a native run to the same breakpoint hit`, () => {
      const stop = s.stops[0] as Json;
      const hit = Number(/hit number (\d+)/.exec(s.first_stop)?.[1]);
      const pcs = (s.breakpoints as Json[]).flatMap((b) => (b.addresses as Json[]).map((a) => a.pc as number));
      const { memory, stackPointer } = memoryAtTrap(trapAtHit(wasm(s.binary), pcs, hit), s.run);
      let recorded = stop.locals;
      const fb = Object.values((stop.locals ?? {}) as Record<string, Json>).find((v) => v.storage?.frame_base?.kind === 'wasm-local');
      const spIsFrameBase = s.binary.includes('.O0') && storesStackPointerBefore(s.binary, stop.pc);
      if (fb && spIsFrameBase) {
        // The native run agrees with the recording: an -O0 function whose prologue stores its frame base
        // into __stack_pointer (global.set 0: it calls others) has SP == frame base at the stop.
        expect(stackPointer).toBe(fb.storage.frame_base_value);
      } else if (!stop.locals && spIsFrameBase) {
        // No local recorded at this stop (only expressions): the frame base is the stack pointer read at
        // the trap (see the assertion above); which wasm local holds it comes from DW_AT_frame_base.
        const local = Number(/DW_OP_WASM_location 0x0 0x([0-9a-f]+)/.exec(frameBaseOf(s.binary, stop.pc))?.[1] ?? NaN);
        recorded = { fb: { storage: { frame_base: { kind: 'wasm-local', local: local }, frame_base_value: stackPointer } } };
      }
      const frame = recordedFrame(recorded, stop.operand_stack_values, memory, stackPointer);
      check(si, stop.pc, 0, frame, stop, true, 'first stop');
      for (const [name, exp] of Object.entries((stop.operand_stack_values ?? {}) as Record<string, Json>)) {
        const v = si.variablesAt(stop.pc, 0, frame).find((x) => x.name === name);
        expect(v?.location).toBe(exp.location);
        expect(plain(v as VariableView), `operand-stack value of ${name}`).toBe(exp.value);
      }
      // Expressions over the innermost frame and globals.
      for (const [text, want] of Object.entries((stop.expressions ?? {}) as Record<string, Json>)) {
        const v = si.evaluate(text, stop.pc, frame);
        if (text.startsWith('str(')) expect(v.value, text).toBe(JSON.stringify(want));
        else expect(plain(v), text).toEqual(want);
      }
      if (s.id === 'sort-swap-from-reverse') {
        // swap(&data[0], &data[7]) with data recorded: pointer arithmetic and integer expressions.
        const data = stop.expressions.data as number[];
        const value = (e: string): unknown => plain(si.evaluate(e, stop.pc, frame));
        expect(value('*(a + 7)')).toBe(data[7]);
        expect(value('*(b - 1)')).toBe(data[6]);
        expect(value('b - a')).toBe(7);
        expect(value('data[3 - 1]')).toBe(data[2]);
        expect(value('a[7]')).toBe(data[7]);
        expect(value('&data[1]')).toBe(stop.locals.a.value + 4);
        expect(() => si.evaluate('nosuchname', stop.pc, frame)).toThrow(/no variable named "nosuchname"/);
        expect(() => si.evaluate('a +', stop.pc, frame)).toThrow(DebugInfoError);
        expect(() => si.evaluate('a->x', stop.pc, frame)).toThrow(/not a struct/);
        expect(() => si.evaluate('a + b', stop.pc, frame)).toThrow(/two pointers/);
      }
      if (s.id === 'rust-area-rect') {
        // A Rust enum with data (DW_TAG_variant_part): the stop is in the `Shape::Rect { min, max }` arm, so
        // the discriminant in memory selects Rect, whose fields are the bindings' recorded values.
        const shape = si.evaluate('*shape', stop.pc, frame);
        expect(shape.value).toBe('Rect {…}');
        expect(Object.fromEntries((shape.children?.() ?? []).map((c) => [c.name, plain(c)])))
          .toEqual({ min: stop.locals.min.value, max: stop.locals.max.value });
      }
      // Caller frames: their own frame base, the same memory.
      const stack = stop.stack as Json[];
      for (const [k, caller] of Object.entries((stop.caller_frames ?? {}) as Record<string, Json>)) {
        const idx = Number(k);
        const pc = stack[idx].pc as number;
        let depth = 0;
        while (idx - depth - 1 >= 0 && stack[idx - depth - 1].pc === pc) depth++;
        check(si, pc, depth, recordedFrame(caller.locals, undefined, memory), caller, true, `caller frame ${k}`);
      }
    });
  }
});
