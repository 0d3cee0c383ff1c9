// A function's instructions for a debugger's disassembly views (DAP `disassemble`, REPL `disas`): one line
// per wasm instruction with its code offset, source line and, for the paused one, a marker.
// The text comes from the WAT printer (src/text) when it is there; until then each line is the opcode's name
// and its immediates' bytes.
import { Reader } from '../../decoder/reader.js';
import { opName, readOpcode } from '../../decoder/opcodes.js';
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

/** The instructions of one function, in order. */
export function disassembleFunction(map: CodeMap, fn: FuncInst): DisassemblyLine[] {
  const module = map.inst.module;
  const body = module.codes[fn.index - module.importedFuncs];
  const lines: DisassemblyLine[] = [];
  const r = new Reader(module.bytes, body.codeStart, body.codeEnd);
  const name = map.wasmName(fn) ?? `<wasm function ${fn.index}>`;
  const starts = new Set<number>();
  const o = map.debugOf(fn).offsets;
  for (let i = 1; i < o.length; i += 2) starts.add(o[i]);
  starts.add(body.codeEnd - 1);
  let at = body.codeStart;
  while (at < body.codeEnd) {
    r.pos = at;
    const op = readOpcode(r);
    let next = at + 1;
    while (next < body.codeEnd && !starts.has(next)) next++;
    const imm = Array.from(module.bytes.subarray(r.pos, next), (b) => b.toString(16).padStart(2, '0')).join(' ');
    const address = at - map.codeStart;
    const loc = map.source?.locationAt(address);
    lines.push({
      address, text: imm === '' ? opName(op) : `${opName(op)} ${imm}`,
      ...(at === body.codeStart ? { symbol: name } : {}),
      ...(loc === undefined || loc.line === 0 ? {} : { file: loc.file, line: loc.line }),
    });
    at = next;
  }
  return lines;
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
