import { describe, expect, it } from 'vitest';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { compile as compileWith, validateFunction, type BodyContext, type BodySink } from '../../src/validate/index.js';
import { PACKS } from '../packs.js';

// (every instruction: the packs' too)
const compile = (bytes: Uint8Array) => compileWith(bytes, PACKS);
import { opName } from '../../src/decoder/opcodes.js';
import { I32, I64 } from '../../src/decoder/module.js';

interface Seen {
  name: string;
  height: number;
  top: number;
  unreachable: boolean;
  frames: number;
}

function recorder(): { sink: BodySink; seen: Seen[]; locals: number[]; finished: () => boolean; ctxs: BodyContext[] } {
  const seen: Seen[] = [];
  let locals: number[] = [];
  let done = false;
  const ctxs: BodyContext[] = [];
  const sink: BodySink = {
    begin(ctx) {
      locals = ctx.localTypes.slice();
    },
    instr(op, ctx) {
      ctxs.push(ctx);
      seen.push({
        name: opName(op),
        height: ctx.height,
        top: ctx.height > 0 ? ctx.typeAt(ctx.height - 1) : -1,
        unreachable: ctx.unreachable,
        frames: ctx.frameCount,
      });
    },
    finish() {
      done = true;
    },
  };
  return { sink, seen, get locals() { return locals; }, finished: () => done, ctxs } as never;
}

describe('BodySink', () => {
  it('sees every instruction with the operand types it will pop', async () => {
    const vm = compile(
      await parse(`(module (func (param i32) (result i64) (local i64)
        (block (result i64)
          i64.const 5
          local.get 0
          br_if 0
          drop
          i64.const 6)
        ))`),
    );
    const rec = recorder();
    validateFunction(vm, 0, rec.sink);
    expect(rec.finished()).toBe(true);
    expect(rec.seen.map((s) => s.name)).toEqual([
      'block', 'i64.const', 'local.get', 'br_if', 'drop', 'i64.const', 'end', 'end',
    ]);
    const brIf = rec.seen[3];
    expect(brIf.height).toBe(2);
    expect(brIf.top).toBe(I32); // the condition
    const drop = rec.seen[4];
    expect(drop.top).toBe(I64);
    expect(rec.seen[1].frames).toBe(2);
    expect(rec.seen[7].frames).toBe(1); // the function's final end
    expect(rec.seen[7].top).toBe(I64);
  });

  it('reports unreachable code and frame information', async () => {
    const vm = compile(
      await parse(`(module (func (result i32)
        (loop $l (result i32)
          (block $b (param) (result)
            br $b
            i32.const 1
            drop)
          i32.const 0)
        ))`),
    );
    const kinds: number[] = [];
    const labels: number[][] = [];
    let unreachableConst = false;
    const sink: BodySink = {
      begin() {},
      instr(op, ctx) {
        if (op === 0x0c) {
          kinds.push(ctx.frameKind(0), ctx.frameKind(1), ctx.frameKind(2));
          labels.push(ctx.labelTypes(0).slice(), ctx.labelTypes(1).slice(), ctx.labelTypes(2).slice());
          expect(ctx.imm.index).toBe(0);
        }
        if (op === 0x41 && ctx.frameCount === 3) unreachableConst = ctx.unreachable;
      },
      finish() {},
    };
    validateFunction(vm, 0, sink);
    expect(kinds).toEqual([0x02, 0x03, -1]);
    // a loop's label carries its params (none), the function's its results
    expect(labels).toEqual([[], [], [I32]]);
    expect(unreachableConst).toBe(true);
  });

  it('exposes decoded immediates', async () => {
    const vm = compile(
      await parse(`(module (memory 1) (func (param i32)
        (i64.store offset=16 align=4 (local.get 0) (i64.const -2))
        (br_table 0 0 0 (local.get 0))))`),
    );
    const got: Record<string, unknown> = {};
    validateFunction(vm, 0, {
      begin() {},
      instr(op, ctx) {
        const imm = ctx.imm;
        if (op === 0x42) got.i64 = [imm.i64Lo, imm.i64Hi];
        if (op === 0x37) got.store = [imm.memory, imm.align, imm.offsetLo, imm.offsetHi];
        if (op === 0x0e) got.table = Array.from(imm.brTargets.subarray(0, imm.brCount + 1));
      },
      finish() {},
    });
    expect(got).toEqual({ i64: [-2, -1], store: [0, 2, 16, 0], table: [0, 0, 0] });
  });

  it('normalizes type immediates before the sink sees them', async () => {
    // Types 0 and 1 are equivalent: every use of type 1 is reported as its representative, type 0.
    const vm = compile(
      await parse(`(module (type $a (struct (field i32))) (type $b (struct (field i32)))
        (func (param (ref null $b)) (result (ref null $b))
          (select (result (ref null $b)) (local.get 0) (ref.null $b) (i32.const 1))
          (ref.cast (ref null $b))))`),
    );
    const seen: Record<string, number> = {};
    validateFunction(vm, 0, {
      begin() {},
      instr(op, ctx) {
        if (op === 0x1c) seen.select = ctx.imm.selectType;
        if (op === 0xd0) seen.null = ctx.imm.heapType;
        if (op === 0xfb17) seen.cast = ctx.imm.refType;
      },
      finish() {},
    });
    const nullRef0 = 0x1800_0000 | 0x100;
    expect(seen).toEqual({ select: nullRef0, null: 0x100, cast: nullRef0 });
  });
});
