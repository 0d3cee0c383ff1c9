// One instance of a debug store as the debugger sees it: code offsets (DWARF convention: from the start of
// the Code section's contents) ↔ positions in the translated code of its functions, function names, where
// each body starts, and the module's source information (DWARF) when there is some.
import { translateFunction } from '../../vm/translate/translator.js';
import type { CodeRegion, FuncDebug } from '../../vm/exec/debug.js';
import type { FuncInst } from '../../vm/runtime/func.js';
import type { InstanceState } from '../../vm/runtime/instance-state.js';
import type { SourceInfo } from '../source-info.js';
import type { Module } from '../../decoder/module.js';

/** Reads a module's debug information (the DWARF reader, src/debug/dwarf): null when it has none. */
export type SourceInfoLoader = (module: Module) => SourceInfo | null;

export class CodeMap {
  /** @internal */
  readonly inst: InstanceState;
  /** Module byte offset of the Code section's contents (the function-count LEB). */
  /** @internal */
  readonly codeStart: number;
  /** @internal */
  readonly source: SourceInfo | null;
  /** Index of this instance in its store (the engine's module number). */
  /** @internal */
  readonly index: number;
  private stmtCache = new Map<FuncInst, { region: CodeRegion; at: Map<number, number> }>();

  /** @internal */
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
  /** @internal */
  definedFuncs(): FuncInst[] {
    const m = this.inst.module;
    return this.inst.funcs.slice(m.importedFuncs).filter((f) => f.instance === this.inst);
  }

  /** fn translated (debug stores translate lazily, like every store) and its debug record. */
  /** @internal */
  debugOf(fn: FuncInst): FuncDebug {
    if (fn.code === null) translateFunction(fn);
    return this.inst.store.debug!.fns.get(fn)!;
  }

  /** Code offset where fn's body starts (its local declarations: DW_AT_low_pc) and where its first
   *  instruction is. */
  /** @internal */
  bodyStart(fn: FuncInst): number {
    const m = this.inst.module;
    const i = fn.index - m.importedFuncs;
    // Bodies are contiguous: body i's size LEB starts where body i-1 ends (body 0's after the count LEB).
    let p = i === 0 ? skipLeb(m.bytes, this.codeStart) : m.codes[i - 1].codeEnd;
    p = skipLeb(m.bytes, p);
    return p - this.codeStart;
  }

  /** @internal */
  firstInstruction(fn: FuncInst): number {
    return this.inst.module.codes[fn.index - this.inst.module.importedFuncs].codeStart - this.codeStart;
  }

  /** The defined function whose body holds code offset `addr`. */
  /** @internal */
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

  /** Where a stop before the instruction at code offset `addr` (or the first one after it, for an address
   *  between instructions such as a body's start) is made in fn's code as it runs now: undefined when that
   *  position would not be exactly before it (inside a fused group: the debugger then makes fn exact). */
  /** @internal */
  positionOf(fn: FuncInst, addr: number): number | undefined {
    const r = this.debugOf(fn).active;
    const o = r.offsets;
    const at = addr + this.codeStart;
    for (let i = 0; i < o.length; i += 2) {
      if (o[i + 1] >= at) return o[i] < r.end && r.stops[i >> 1] === 1 ? o[i] : undefined;
    }
    return undefined;
  }

  /** The code offset a stop at position `pos` stands for: the first instruction whose code starts there
   *  exactly. */
  /** @internal */
  addressAt(fn: FuncInst, pos: number): number {
    const r = this.debugOf(fn).regionOf(pos);
    const o = r.offsets;
    let last = -1;
    for (let i = 0; i < o.length; i += 2) {
      if (o[i] === pos && r.stops[i >> 1] === 1) return o[i + 1] - this.codeStart;
      if (o[i] < pos) last = o[i + 1];
    }
    return last - this.codeStart;
  }

  /** The code offset of the instruction whose code holds position `pos` (a caller's call instruction). */
  /** @internal */
  instructionAt(fn: FuncInst, pos: number): number {
    const o = this.debugOf(fn).regionOf(pos).offsets;
    let best = -1;
    for (let i = 0; i < o.length; i += 2) {
      if (o[i] <= pos) best = o[i + 1];
      else break;
    }
    return best - this.codeStart;
  }

  /** The code offsets of the instructions a stop at position `pos` is exactly before, ascending. */
  /** @internal */
  addressesAt(fn: FuncInst, pos: number): number[] {
    const r = this.debugOf(fn).regionOf(pos);
    const o = r.offsets;
    const out: number[] = [];
    for (let i = 0; i < o.length; i += 2) if (o[i] === pos && r.stops[i >> 1] === 1) out.push(o[i + 1] - this.codeStart);
    return out;
  }

  /** Every stop of fn's code as it runs now: position → code offset (the lowest offset per position). In
   *  exact code every instruction, in fused code the stop barriers. */
  /** @internal */
  positions(fn: FuncInst): Map<number, number> {
    const r = this.debugOf(fn).active;
    const o = r.offsets;
    const out = new Map<number, number>();
    // (an instruction that emits nothing at the very end, in dead code, has the code's end as position)
    for (let i = 0; i < o.length; i += 2) {
      if (!out.has(o[i]) && o[i] < r.end && r.stops[i >> 1] === 1) out.set(o[i], o[i + 1] - this.codeStart);
    }
    return out;
  }

  /** fn's statement starts (is_stmt rows with a line), position → the lowest such address there. Code
   *  translated before the debugger said where statements start has no stop at some of them: `exact` is
   *  asked to give fn its exact code then (without it, such rows are left out). */
  /** @internal */
  statements(fn: FuncInst, exact?: (fn: FuncInst) => void): Map<number, number> {
    const fd = this.debugOf(fn);
    const cached = this.stmtCache.get(fn);
    if (cached !== undefined && cached.region === fd.active) return cached.at;
    const at = new Map<number, number>();
    const src = this.source;
    let partial = false;
    if (src !== null) {
      const r = fd.active;
      const o = r.offsets;
      for (let i = 0; i < o.length; i += 2) {
        const addr = o[i + 1] - this.codeStart;
        if (at.has(o[i]) || o[i] >= r.end || !src.isStatementStart(addr)) continue;
        const loc = src.locationAt(addr);
        if (loc === undefined || loc.line === 0) continue;
        if (r.stops[i >> 1] !== 1) {
          if (exact === undefined) {
            partial = true;
            continue;
          }
          exact(fn);
          return this.statements(fn, exact);
        }
        at.set(o[i], addr);
      }
    }
    if (!partial) this.stmtCache.set(fn, { region: fd.active, at });
    return at;
  }

  /** fn's name at the wasm level: the name section's, else the name it is exported under. */
  /** @internal */
  wasmName(fn: FuncInst): string | undefined {
    const m = this.inst.module;
    return m.names.functions.get(fn.index) ?? m.exports.find((e) => e.kind === 'func' && e.index === fn.index)?.name;
  }

  /** Functions named `name` (DWARF subprogram name at the body start, or name-section name). */
  /** @internal */
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
