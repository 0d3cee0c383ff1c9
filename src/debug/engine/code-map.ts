// One instance of a debug store as the debugger sees it: code offsets (DWARF convention: from the start of
// the Code section's contents) ↔ positions in the translated code of its functions, function names, where
// each body starts, and the module's source information (DWARF) when there is some.
import { translateFunction } from '../../vm/translate/translator.js';
import type { FuncDebug } from '../../vm/exec/debug.js';
import type { FuncInst } from '../../vm/runtime/func.js';
import type { InstanceState } from '../../vm/runtime/instance-state.js';
import type { SourceInfo } from '../source-info.js';
import type { Module } from '../../decoder/module.js';

/** Reads a module's debug information (the DWARF reader, src/debug/dwarf): null when it has none. */
export type SourceInfoLoader = (module: Module) => SourceInfo | null;

export class CodeMap {
  readonly inst: InstanceState;
  /** Module byte offset of the Code section's contents (the function-count LEB). */
  readonly codeStart: number;
  readonly source: SourceInfo | null;
  /** Index of this instance in its store (the engine's module number). */
  readonly index: number;
  private stmtCache = new Map<FuncInst, Map<number, number>>();

  constructor(inst: InstanceState, index: number, loader: SourceInfoLoader | null) {
    this.inst = inst;
    this.index = index;
    this.codeStart = inst.module.sectionOffsets?.[10] ?? -1;
    let source: SourceInfo | null = null;
    if (loader !== null) {
      try {
        source = loader(inst.module);
      } catch {
        source = null; // unreadable DWARF: debug at the wasm level
      }
    }
    this.source = source;
  }

  /** The module's defined functions (imports excluded), as FuncInsts of this instance. */
  definedFuncs(): FuncInst[] {
    const m = this.inst.module;
    return this.inst.funcs.slice(m.importedFuncs).filter((f) => f.instance === this.inst);
  }

  /** fn translated (debug stores translate lazily, like every store) and its debug record. */
  debugOf(fn: FuncInst): FuncDebug {
    if (fn.code === null) translateFunction(fn);
    return this.inst.store.debug!.fns.get(fn)!;
  }

  /** Code offset where fn's body starts (its local declarations: DW_AT_low_pc) and where its first
   *  instruction is. */
  bodyStart(fn: FuncInst): number {
    const m = this.inst.module;
    const i = fn.index - m.importedFuncs;
    // Bodies are contiguous: body i's size LEB starts where body i-1 ends (body 0's after the count LEB).
    let p = i === 0 ? skipLeb(m.bytes, this.codeStart) : m.codes[i - 1].codeEnd;
    p = skipLeb(m.bytes, p);
    return p - this.codeStart;
  }

  firstInstruction(fn: FuncInst): number {
    return this.inst.module.codes[fn.index - this.inst.module.importedFuncs].codeStart - this.codeStart;
  }

  /** The defined function whose body holds code offset `addr`. */
  funcAt(addr: number): FuncInst | undefined {
    const codes = this.inst.module.codes;
    const at = addr + this.codeStart;
    let lo = 0, hi = codes.length - 1, best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (codes[mid].codeEnd > at) {
        best = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    if (best < 0) return undefined;
    return this.inst.funcs[best + this.inst.module.importedFuncs];
  }

  /** The position of the instruction at code offset `addr` (or the first one after it, for an address
   *  between instructions such as a body's start). */
  positionOf(fn: FuncInst, addr: number): number | undefined {
    const fd = this.debugOf(fn);
    const o = fd.offsets;
    const at = addr + this.codeStart;
    for (let i = 0; i < o.length; i += 2) if (o[i + 1] >= at) return o[i] < fd.length ? o[i] : undefined;
    return undefined;
  }

  /** The code offset a stop at position `pos` stands for: the first instruction whose code starts there. */
  addressAt(fn: FuncInst, pos: number): number {
    const o = this.debugOf(fn).offsets;
    let last = -1;
    for (let i = 0; i < o.length; i += 2) {
      if (o[i] === pos) return o[i + 1] - this.codeStart;
      if (o[i] < pos) last = o[i + 1];
    }
    return last - this.codeStart;
  }

  /** The code offset of the instruction whose code holds position `pos` (a caller's call instruction). */
  instructionAt(fn: FuncInst, pos: number): number {
    const o = this.debugOf(fn).offsets;
    let best = -1;
    for (let i = 0; i < o.length; i += 2) {
      if (o[i] <= pos) best = o[i + 1];
      else break;
    }
    return best - this.codeStart;
  }

  /** The code offsets of the instructions whose code starts at position `pos`, ascending. */
  addressesAt(fn: FuncInst, pos: number): number[] {
    const o = this.debugOf(fn).offsets;
    const r: number[] = [];
    for (let i = 0; i < o.length; i += 2) if (o[i] === pos) r.push(o[i + 1] - this.codeStart);
    return r;
  }

  /** Every instruction of fn: position → code offset (the lowest offset per position). */
  positions(fn: FuncInst): Map<number, number> {
    const fd = this.debugOf(fn);
    const o = fd.offsets;
    const r = new Map<number, number>();
    // (an instruction that emits nothing at the very end, in dead code, has the code's length as position)
    for (let i = 0; i < o.length; i += 2) if (!r.has(o[i]) && o[i] < fd.length) r.set(o[i], o[i + 1] - this.codeStart);
    return r;
  }

  /** fn's statement starts (is_stmt rows with a line), position → the lowest such address there. */
  statements(fn: FuncInst): Map<number, number> {
    let r = this.stmtCache.get(fn);
    if (r !== undefined) return r;
    r = new Map();
    const src = this.source;
    if (src !== null) {
      const fd = this.debugOf(fn);
      const o = fd.offsets;
      for (let i = 0; i < o.length; i += 2) {
        const addr = o[i + 1] - this.codeStart;
        if (r.has(o[i]) || o[i] >= fd.length || !src.isStatementStart(addr)) continue;
        const loc = src.locationAt(addr);
        if (loc !== undefined && loc.line !== 0) r.set(o[i], addr);
      }
    }
    this.stmtCache.set(fn, r);
    return r;
  }

  /** fn's name at the wasm level: the name section's, else the name it is exported under. */
  wasmName(fn: FuncInst): string | undefined {
    const m = this.inst.module;
    return m.names.functions.get(fn.index) ?? m.exports.find((e) => e.kind === 'func' && e.index === fn.index)?.name;
  }

  /** Functions named `name` (DWARF subprogram name at the body start, or name-section name). */
  funcsNamed(name: string): FuncInst[] {
    return this.definedFuncs().filter((f) => {
      if (this.wasmName(f) === name) return true;
      const frames = this.source?.framesAt(this.firstInstruction(f)) ?? [];
      return frames.length > 0 && frames[frames.length - 1].name === name;
    });
  }
}

function skipLeb(bytes: Uint8Array, p: number): number {
  while (bytes[p] & 0x80) p++;
  return p + 1;
}
