// printModule: a whole core module in the text format (flat instructions), and printFunction: one line
// per instruction of a function with its DWARF-style code offset, for a debugger's disassembly view.
import { decodeModule } from '../decoder/decode-module.js';
import type { ConstExpr, FuncType, Limits, Module, SubType } from '../decoder/module.js';
import { valTypeName } from '../decoder/type-names.js';
import { instructionLines } from './instructions.js';
import type { Naming } from './instructions.js';
import { bytesText, idText, nameText } from './values.js';

const INDENT = '  ';

/** `$name` for every index whose name is usable (present and unique in its space); else the number. */
function uniqueNames(map: ReadonlyMap<number, string> | undefined): Map<number, string> {
  const out = new Map<number, string>();
  if (!map) return out;
  const count = new Map<string, number>();
  for (const n of map.values()) count.set(n, (count.get(n) ?? 0) + 1);
  for (const [i, n] of map) if (n !== '' && count.get(n) === 1) out.set(i, idText(n));
  return out;
}

function naming(module: Module, funcIndex: number): Naming {
  const funcs = uniqueNames(module.names.functions);
  const locals = uniqueNames(module.names.locals.get(funcIndex));
  return { func: (i) => funcs.get(i) ?? `${i}`, local: (i) => locals.get(i) ?? `${i}` };
}

function funcTypeOf(module: Module, typeIndex: number): FuncType {
  const t = module.types[typeIndex]?.composite;
  return t && t.kind === 'func' ? t : { kind: 'func', params: [], results: [] };
}

const U64_MAX = (1n << 64n) - 1n;

/** A 64-bit bound; the decoder keeps bounds as numbers, so one near 2^64 has rounded up: clamp it. */
function bound(n: number): string {
  const b = BigInt(n);
  return `${b > U64_MAX ? U64_MAX : b}`;
}

function limitsText(l: Limits): string {
  return `${l.index64 ? 'i64 ' : ''}${bound(l.min)}${l.max !== undefined ? ` ${bound(l.max)}` : ''}${l.shared ? ' shared' : ''}`;
}

function fieldText(t: { type: number; mutable: boolean }): string {
  const v = valTypeName(t.type);
  return t.mutable ? `(mut ${v})` : v;
}

function compositeText(s: SubType): string {
  const c = s.composite;
  let body: string;
  if (c.kind === 'func') {
    const p = c.params.length ? ` (param ${c.params.map(valTypeName).join(' ')})` : '';
    const r = c.results.length ? ` (result ${c.results.map(valTypeName).join(' ')})` : '';
    body = `(func${p}${r})`;
  } else if (c.kind === 'struct') {
    body = `(struct${c.fields.map((f) => ` (field ${fieldText(f)})`).join('')})`;
  } else body = `(array ${fieldText(c.element)})`;
  if (s.shared) body = `(shared ${body})`;
  if (s.final && s.supertypes.length === 0) return body;
  return `(sub${s.final ? ' final' : ''}${s.supertypes.map((t) => ` ${t}`).join('')} ${body})`;
}

function constExprText(module: Module, e: ConstExpr, n: Naming): string {
  // The last byte is the expression's `end`.
  return instructionLines(module, e.start, e.end - 1, n).map((l) => l.text).join(' ');
}

/** The text format of a core module: every section the decoder keeps, custom sections aside. */
export function printModule(input: Uint8Array | Module): string {
  const m = input instanceof Uint8Array ? decodeModule(input) : input;
  const out: string[] = [`(module${m.names.module !== undefined ? ` ${idText(m.names.module)}` : ''}`];
  const line = (s: string): void => { out.push(INDENT + s); };
  const funcNames = uniqueNames(m.names.functions);
  const fname = (i: number): string => `${funcNames.get(i) ? `${funcNames.get(i)} ` : ''}(;${i};)`;
  const moduleNaming = naming(m, -1);

  // Types, with their recursion groups.
  for (const g of m.recGroups) {
    const types = m.types.slice(g.start, g.start + g.count).map((t, k) => `(type (;${g.start + k};) ${compositeText(t)})`);
    if (g.count === 1) line(types[0]);
    else line(`(rec ${types.join(' ')})`);
  }
  // Imports.
  let fi = 0, ti = 0, mi = 0, gi = 0, xi = 0;
  for (const imp of m.imports) {
    const d = imp.desc;
    let desc: string;
    switch (d.kind) {
      case 'func': desc = `(func ${fname(fi++)} (type ${d.typeIndex}))`; break;
      case 'table': desc = `(table (;${ti++};) ${limitsText(d.type.limits)} ${valTypeName(d.type.element)})`; break;
      case 'memory': desc = `(memory (;${mi++};) ${limitsText(d.type.limits)}${pageSize(d.type.pageSizeLog2)})`; break;
      case 'global': desc = `(global (;${gi++};) ${d.type.shared ? '(shared ' : ''}${fieldText(d.type)}${d.type.shared ? ')' : ''})`; break;
      case 'tag': desc = `(tag (;${xi++};) (type ${d.type.typeIndex}))`; break;
    }
    line(`(import ${nameText(imp.module)} ${nameText(imp.name)} ${desc})`);
  }
  // Functions.
  for (let k = 0; k < m.functions.length; k++) {
    const index = m.importedFuncs + k;
    const typeIndex = m.functions[k];
    const ft = funcTypeOf(m, typeIndex);
    const n = naming(m, index);
    const localNames = uniqueNames(m.names.locals.get(index));
    const head: string[] = [`(func ${fname(index)} (type ${typeIndex})`];
    ft.params.forEach((p, i) => head.push(localNames.has(i) ? `(param ${localNames.get(i)} ${valTypeName(p)})` : `(param ${valTypeName(p)})`));
    if (ft.results.length) head.push(`(result ${ft.results.map(valTypeName).join(' ')})`);
    line(head.join(' '));
    const body = m.codes[k];
    let li = ft.params.length;
    for (const run of body.locals) {
      for (let c = 0; c < run.count; c++, li++) {
        const id = localNames.get(li);
        line(`${INDENT}(local ${id ? `${id} ` : ''}${valTypeName(run.type)})`);
      }
    }
    const lines = instructionLines(m, body.codeStart, body.codeEnd - 1, n); // the last `end` is the `)`
    for (const l of lines) line(`${INDENT.repeat(l.depth)}${l.text}`);
    out[out.length - 1] += ')';
  }
  // Tables, memories, tags, globals.
  m.tables.forEach((t, k) => {
    const init = t.init ? ` ${constExprText(m, t.init, moduleNaming)}` : '';
    line(`(table (;${m.importedTables + k};) ${limitsText(t.type.limits)} ${valTypeName(t.type.element)}${init})`);
  });
  m.memories.forEach((mem, k) => line(`(memory (;${m.importedMemories + k};) ${limitsText(mem.limits)}${pageSize(mem.pageSizeLog2)})`));
  m.tags.forEach((t, k) => line(`(tag (;${m.importedTags + k};) (type ${t.typeIndex}))`));
  m.globals.forEach((g, k) => {
    const type = g.type.shared ? `(shared ${fieldText(g.type)})` : fieldText(g.type);
    line(`(global (;${m.importedGlobals + k};) ${type} ${constExprText(m, g.init, moduleNaming)})`);
  });
  for (const e of m.exports) {
    const idx = e.kind === 'func' ? (funcNames.get(e.index) ?? `${e.index}`) : `${e.index}`;
    line(`(export ${nameText(e.name)} (${e.kind} ${idx}))`);
  }
  if (m.start !== undefined) line(`(start ${funcNames.get(m.start) ?? m.start})`);
  m.elements.forEach((e, k) => {
    const parts = [`(elem (;${k};)`];
    if (e.mode === 'declarative') parts.push('declare');
    if (e.mode === 'active') parts.push(`(table ${e.table})`, `(offset ${e.offset ? constExprText(m, e.offset, moduleNaming) : ''})`);
    if (e.funcIndices) parts.push('func', ...e.funcIndices.map((i) => funcNames.get(i) ?? `${i}`));
    else parts.push(valTypeName(e.type), ...(e.exprs ?? []).map((x) => `(item ${constExprText(m, x, moduleNaming)})`));
    line(`${parts.join(' ')})`);
  });
  m.datas.forEach((d, k) => {
    const where = d.mode === 'active' ? ` (memory ${d.memory}) (offset ${d.offset ? constExprText(m, d.offset, moduleNaming) : ''})` : '';
    line(`(data (;${k};)${where} ${bytesText(d.data)})`);
  });
  out[out.length - 1] += ')';
  return `${out.join('\n')}\n`;
}

function pageSize(log2: number): string {
  return log2 === 16 ? '' : ` (pagesize ${2 ** log2})`;
}

export interface FunctionListing {
  /** One line per instruction, the function's final `end` included. */
  readonly lines: { readonly codeOffset: number; readonly text: string }[];
}

/**
 * The instructions of function `funcIndex` (index space with imports first; an imported function has no
 * body and throws RangeError), each with its code offset: bytes from the start of the Code section's
 * contents, the address DWARF and llvm-objdump use.
 */
export function printFunction(module: Module, funcIndex: number): FunctionListing {
  const k = funcIndex - module.importedFuncs;
  const body = module.codes[k];
  if (!body) throw new RangeError(`function ${funcIndex} has no body in this module (imports: ${module.importedFuncs}, bodies: ${module.codes.length})`);
  const codeStart = module.sectionOffsets?.[10] ?? 0;
  return {
    lines: instructionLines(module, body.codeStart, body.codeEnd, naming(module, funcIndex)).map((l) => ({
      codeOffset: l.offset - codeStart,
      text: `${INDENT.repeat(Math.max(l.depth - 1, 0))}${l.text}`,
    })),
  };
}


