// A function's instructions for a debugger's disassembly views (DAP `disassemble`, REPL `disas`): one line
// per wasm instruction, as the WAT printer (src/text) writes it, with its code offset and source line.
import { printFunction } from '../../text/index.js';
import type { FuncInst } from '../../vm/runtime/func.js';
import type { CodeMap } from './code-map.js';
import type { Debugger } from './debugger.js';

export interface DisassemblyLine {
  /** Code offset (DWARF convention). */
  readonly address: number;
  readonly text: string;
  /** The function's name on its first instruction. */
  readonly symbol?: string;
  readonly file?: string;
  readonly line?: number;
}

/** The instructions of one function, in order (its final `end` included). */
export function disassembleFunction(map: CodeMap, fn: FuncInst): DisassemblyLine[] {
  const name = map.wasmName(fn) ?? `<wasm function ${fn.index}>`;
  return printFunction(map.inst.module, fn.index).lines.map((l, i) => {
    const loc = map.source?.locationAt(l.codeOffset);
    return {
      address: l.codeOffset, text: l.text,
      ...(i === 0 ? { symbol: name } : {}),
      ...(loc === undefined || loc.line === 0 ? {} : { file: loc.file, line: loc.line }),
    };
  });
}

/** `count` instructions starting `offset` instructions away from the one at `address` (DAP semantics:
 *  the window may extend into neighbouring functions; outside any code, placeholder lines). */
export function disassembleAround(dbg: Debugger, address: number, offset: number, count: number): DisassemblyLine[] {
  for (const map of dbg.modules()) {
    const fn = map.funcAt(address);
    if (fn === undefined) continue;
    const all: DisassemblyLine[] = [];
    for (const f of map.definedFuncs()) all.push(...disassembleFunction(map, f));
    let i = all.findIndex((l) => l.address >= address);
    if (i < 0) i = all.length - 1;
    const out: DisassemblyLine[] = [];
    for (let k = i + offset; k < i + offset + count; k++) {
      out.push(all[k] ?? { address: k < 0 ? 0 : all[all.length - 1].address + 1, text: '(no code)' });
    }
    return out;
  }
  return Array.from({ length: count }, () => ({ address, text: '(no code)' }));
}
