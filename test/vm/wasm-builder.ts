// A tiny module assembler for tests: enough sections to hand-write small modules as byte arrays.

export const i32 = 0x7f, i64 = 0x7e, f32 = 0x7d, f64 = 0x7c, funcref = 0x70, externref = 0x6f;

export function uleb(n: number | bigint): number[] {
  let v = typeof n === 'number' && n < 0 ? BigInt(n >>> 0) : BigInt(n); // a negative number means its u32 bits
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

export function sleb(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function str(s: string): number[] {
  const b = Array.from(Buffer.from(s, 'utf8'));
  return [...uleb(b.length), ...b];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, payload: number[]): number[] {
  return payload.length === 0 ? [] : [id, ...uleb(payload.length), ...payload];
}

export interface FuncDef {
  params: number[];
  results: number[];
  locals?: number[];
  body: number[]; // without the final `end`
  export?: string;
}

export interface ImportDef {
  module: string;
  name: string;
  params: number[];
  results: number[];
}

export interface ModuleDef {
  imports?: ImportDef[];
  funcs: FuncDef[];
  memory?: { min: number; max?: number; export?: string };
  table?: { min: number; elems?: number[]; export?: string };
  globals?: { type: number; mutable: boolean; init: number[]; export?: string }[];
  start?: number;
}

export function buildModule(def: ModuleDef): Uint8Array {
  const types: number[][] = [];
  const typeIndex = (params: number[], results: number[]): number => {
    const t = [0x60, ...uleb(params.length), ...params, ...uleb(results.length), ...results];
    let i = types.findIndex((x) => x.join() === t.join());
    if (i < 0) i = types.push(t) - 1;
    return i;
  };
  const imports = (def.imports ?? []).map((im) => [...str(im.module), ...str(im.name), 0x00, ...uleb(typeIndex(im.params, im.results))]);
  const nImports = imports.length;
  const funcTypes = def.funcs.map((f) => uleb(typeIndex(f.params, f.results)));
  const exports: number[][] = [];
  def.funcs.forEach((f, i) => {
    if (f.export) exports.push([...str(f.export), 0x00, ...uleb(nImports + i)]);
  });
  if (def.memory?.export) exports.push([...str(def.memory.export), 0x02, 0]);
  if (def.table?.export) exports.push([...str(def.table.export), 0x01, 0]);
  (def.globals ?? []).forEach((g, i) => {
    if (g.export) exports.push([...str(g.export), 0x03, ...uleb(i)]);
  });
  const codes = def.funcs.map((f) => {
    const locals = (f.locals ?? []).map((t) => [1, t]);
    const body = [...vec(locals), ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  });
  const mem = def.memory ? [1, ...(def.memory.max === undefined ? [0, ...uleb(def.memory.min)] : [1, ...uleb(def.memory.min), ...uleb(def.memory.max)])] : [];
  const table = def.table ? [1, 0x70, 0, ...uleb(def.table.min)] : [];
  const elems = def.table?.elems ? [1, 0, 0x41, 0, 0x0b, ...vec(def.table.elems.map((e) => uleb(e)))] : [];
  const globals = def.globals ? vec(def.globals.map((g) => [g.type, g.mutable ? 1 : 0, ...g.init, 0x0b])) : [];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec(types)),
    ...section(2, imports.length ? vec(imports) : []),
    ...section(3, vec(funcTypes)),
    ...section(4, table),
    ...section(5, mem),
    ...section(6, globals),
    ...section(7, vec(exports)),
    ...section(8, def.start === undefined ? [] : uleb(def.start)),
    ...section(9, elems),
    ...section(10, vec(codes)),
  ]);
}

/** Node's own WebAssembly, the oracle (tests only). */
export const NodeWasm = (globalThis as { WebAssembly?: any }).WebAssembly;
