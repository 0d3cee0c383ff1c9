// What a front-end shows of a paused program, independent of the front-end: the scopes of a frame (source
// variables from DWARF; the frame's wasm locals and operand stack; the instance's globals), variables with
// lazily expanded children, and expressions (C-like through DWARF, or wasm-level: $name, local N, global N,
// stack N).
import { DebugInfoError } from '../source-info.js';
import type { VariableView } from '../source-info.js';
import type { Debugger, StackFrame } from './debugger.js';
import { formatWasm, frameAccess, globalType, localLayout, operandStack, readGlobal, typeName } from './frames.js';
import { readSlot } from './frames.js';

export interface Variable {
  readonly name: string;
  readonly value: string;
  readonly type: string;
  /** Memory address of the value, when it lives in linear memory. */
  readonly address?: number;
  /** Children of an aggregate or the pointee of a pointer, computed on demand. */
  readonly children?: () => Variable[];
}

export interface Scope {
  readonly name: string;
  /** Computing it costs (DAP `expensive`): globals of a large module. */
  readonly expensive: boolean;
  variables(): Variable[];
}

function fromView(v: VariableView): Variable {
  const c = v.children;
  return { name: v.name, value: v.value, type: v.type, address: v.address, children: c === undefined ? undefined : () => c().map(fromView) };
}

export class Inspector {
  constructor(private readonly dbg: Debugger) {}

  scopes(frame: StackFrame): Scope[] {
    const out: Scope[] = [];
    const src = frame.physical.map.source;
    if (frame.hasDwarf && src !== null) {
      out.push({ name: 'Locals', expensive: false, variables: () => this.sourceLocals(frame) });
    }
    out.push({ name: 'Wasm locals', expensive: false, variables: () => this.wasmLocals(frame) });
    out.push({ name: 'Operand stack', expensive: false, variables: () => this.operands(frame) });
    out.push({ name: 'Globals', expensive: true, variables: () => this.globals(frame) });
    return out;
  }

  /** DWARF variables in scope at the frame's pc (unreadable ones say why in their value). */
  sourceLocals(frame: StackFrame): Variable[] {
    const src = frame.physical.map.source;
    if (src === null) return [];
    return src.variablesAt(frame.address, frame.inlineDepth, frameAccess(frame.physical)).map(fromView);
  }

  wasmLocals(frame: StackFrame): Variable[] {
    const p = frame.physical;
    const { types, offsets } = localLayout(p.fn);
    const names = p.map.inst.module.names.locals.get(p.fn.index);
    return types.map((t, i) => ({
      name: names?.get(i) ?? `local${i}`,
      value: formatWasm(t, readSlot(p.stacks, p.fp + offsets[i], t)),
      type: typeName(t),
    }));
  }

  operands(frame: StackFrame): Variable[] {
    return operandStack(frame.physical).map((o, i) => ({ name: `stack${i}`, value: formatWasm(o.type, o.value), type: typeName(o.type) }));
  }

  globals(frame: StackFrame): Variable[] {
    const inst = frame.physical.map.inst;
    const names = inst.module.names as { globals?: ReadonlyMap<number, string> };
    return inst.globalInsts.map((g, i) => ({
      name: names.globals?.get(i) ?? `global${i}`,
      value: formatWasm(g.type.type, readGlobal(inst, i)),
      type: typeName(g.type.type),
    }));
  }

  /** Evaluates an expression in a frame: through DWARF when the frame has it, else (or when DWARF does not
   *  know the name) wasm-level: `$name` / `localN` / `local N`, `globalN`, `stackN`, integer literals. */
  evaluate(expression: string, frame: StackFrame): Variable {
    const src = frame.physical.map.source;
    let dwarfError: unknown = null;
    if (frame.hasDwarf && src !== null) {
      try {
        return fromView(src.evaluate(expression, frame.address, frameAccess(frame.physical)));
      } catch (e) {
        if (!(e instanceof DebugInfoError)) throw e;
        dwarfError = e;
      }
    }
    const w = this.evaluateWasm(expression.trim(), frame);
    if (w !== undefined) return w;
    if (dwarfError !== null) throw dwarfError;
    throw new DebugInfoError(`cannot evaluate ${JSON.stringify(expression)}: no source information here; use $name, localN, globalN or stackN`);
  }

  private evaluateWasm(e: string, frame: StackFrame): Variable | undefined {
    const p = frame.physical;
    const m = /^(?:\$|local\s*)(\d+)$/.exec(e) ?? null;
    const { types, offsets } = localLayout(p.fn);
    let local = m !== null ? Number(m[1]) : -1;
    if (local < 0 && e.startsWith('$')) {
      const names = p.map.inst.module.names.locals.get(p.fn.index);
      for (const [i, n] of names ?? []) if (n === e.slice(1)) local = i;
    }
    if (local >= 0) {
      if (local >= types.length) throw new DebugInfoError(`wasm local ${local} does not exist (${types.length} locals)`);
      return { name: e, value: formatWasm(types[local], readSlot(p.stacks, p.fp + offsets[local], types[local])), type: typeName(types[local]) };
    }
    const g = /^global\s*(\d+)$/.exec(e);
    if (g !== null) {
      const i = Number(g[1]);
      const t = globalType(p.map.inst, i);
      return { name: e, value: formatWasm(t, readGlobal(p.map.inst, i)), type: typeName(t) };
    }
    const s = /^stack\s*(\d+)$/.exec(e);
    if (s !== null) {
      const ops = operandStack(p);
      const i = Number(s[1]);
      if (i >= ops.length) throw new DebugInfoError(`operand stack slot ${i} is empty here (height ${ops.length})`);
      return { name: e, value: formatWasm(ops[i].type, ops[i].value), type: typeName(ops[i].type) };
    }
    if (/^-?(0x[0-9a-f]+|\d+)$/i.test(e)) return { name: e, value: String(BigInt(e.replace(/^-(.*)/, '-$1'))), type: 'int' };
    return undefined;
  }
}
