// Test-only: stop a fixture program natively (Node's WebAssembly) at the N-th time execution reaches any
// of a set of code offsets, and keep its linear memory for the DWARF reader's value checks.
//
// How: the module is rewritten so that a call to an added function is inserted before the instruction at
// each offset; the added function counts calls in an added global and executes `unreachable` at the N-th.
// The trap unwinds the wasm stack (wasm locals are lost) but the exported memory stays readable, which is
// all an -O0 variable needs besides its frame base (a wasm local whose value scenarios.json records).
// Nothing is renumbered: the type, function and global are appended to their index spaces.
import { WASI } from 'node:wasi';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function readUleb(b: Uint8Array, p: number): [number, number] {
  let r = 0, scale = 1;
  for (;;) {
    const x = b[p++];
    r += (x & 0x7f) * scale;
    scale *= 128;
    if ((x & 0x80) === 0) return [r, p];
  }
}

interface Section { id: number; start: number; end: number }

function sections(b: Uint8Array): Section[] {
  const out: Section[] = [];
  let p = 8;
  while (p < b.length) {
    const id = b[p];
    const [size, q] = readUleb(b, p + 1);
    out.push({ id, start: q, end: q + size });
    p = q + size;
  }
  return out;
}

/** The section's vector with `extra` entries appended (count rewritten). */
function appendVec(b: Uint8Array, s: Section, extra: number[][]): number[] {
  const [count, p] = readUleb(b, s.start);
  return [...uleb(count + extra.length), ...b.subarray(p, s.end), ...extra.flat()];
}

function countImports(b: Uint8Array, s: Section | undefined, kind: number): number {
  if (!s) return 0;
  let [n, p] = readUleb(b, s.start);
  let found = 0;
  for (; n > 0; n--) {
    let len;
    [len, p] = readUleb(b, p); p += len; // module
    [len, p] = readUleb(b, p); p += len; // name
    const k = b[p++];
    if (k === kind) found++;
    if (k === 0) [, p] = readUleb(b, p);
    else if (k === 1) { p++; const f = b[p++]; [, p] = readUleb(b, p); if (f & 1) [, p] = readUleb(b, p); }
    else if (k === 2) { const f = b[p++]; [, p] = readUleb(b, p); if (f & 1) [, p] = readUleb(b, p); }
    else if (k === 3) p += 2;
    else throw new Error(`import kind ${k} not handled by the test rewriter`);
  }
  return found;
}

const SP_EXPORT = 'purewasm_test_sp_at_trap';

/** The module with a trap at the `hit`-th arrival at any of `pcs` (code offsets). */
export function trapAtHit(b: Uint8Array, pcs: number[], hit: number): Uint8Array {
  const secs = sections(b);
  const get = (id: number): Section | undefined => secs.find((s) => s.id === id);
  const typeSec = get(1), funcSec = get(3), globalSec = get(6), codeSec = get(10);
  if (!typeSec || !funcSec || !globalSec || !codeSec) throw new Error('the test rewriter needs type/function/global/code sections');
  const importSec = get(2);
  const typeCount = readUleb(b, typeSec.start)[0];
  const funcIndex = countImports(b, importSec, 0) + readUleb(b, funcSec.start)[0];
  const globalIndex = countImports(b, importSec, 3) + readUleb(b, globalSec.start)[0];
  const g = uleb(globalIndex);
  const sp = uleb(globalIndex + 1);
  // count += 1; if (count == hit) { sp_copy = global 0 (__stack_pointer in these fixtures); unreachable }
  const hookBody = [0x00, 0x23, ...g, 0x41, 0x01, 0x6a, 0x24, ...g, 0x23, ...g, 0x41, ...sleb(hit), 0x46, 0x04, 0x40,
    0x23, 0x00, 0x24, ...sp, 0x00, 0x0b, 0x0b];
  const call = [0x10, ...uleb(funcIndex)];
  // Rebuild the code section with the calls inserted.
  let [n, p] = readUleb(b, codeSec.start);
  const bodies: number[][] = [];
  for (; n > 0; n--) {
    const [size, q] = readUleb(b, p);
    const from = q - codeSec.start, to = from + size; // code offsets of the body
    const body: number[] = [];
    let at = q;
    for (const pc of pcs.filter((x) => x >= from && x < to).sort((x, y) => x - y)) {
      body.push(...b.subarray(at, codeSec.start + pc), ...call);
      at = codeSec.start + pc;
    }
    body.push(...b.subarray(at, q + size));
    bodies.push([...uleb(body.length), ...body]);
    p = q + size;
  }
  bodies.push([...uleb(hookBody.length), ...hookBody]);
  const replaced = new Map<number, number[]>([
    [1, appendVec(b, typeSec, [[0x60, 0x00, 0x00]])],
    [3, appendVec(b, funcSec, [uleb(typeCount)])],
    [6, appendVec(b, globalSec, [[0x7f, 0x01, 0x41, 0x00, 0x0b], [0x7f, 0x01, 0x41, 0x00, 0x0b]])],
    [7, appendVec(b, get(7) as Section, [[...uleb(SP_EXPORT.length), ...[...SP_EXPORT].map((c) => c.charCodeAt(0)), 0x03, ...sp]])],
    [10, [...uleb(bodies.length), ...bodies.flat()]],
  ]);
  const out: number[] = [...b.subarray(0, 8)];
  for (const s of secs) {
    if (s.id === 0) continue; // custom sections (DWARF, names) would be stale; the run does not need them
    const content = replaced.get(s.id) ?? [...b.subarray(s.start, s.end)];
    out.push(s.id, ...uleb(content.length), ...content);
  }
  return new Uint8Array(out);
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The few parts of Node's WebAssembly used here (the node type-check has no DOM lib). */
interface NodeInstance { exports: Record<string, unknown> }
interface NodeWebAssembly {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => NodeInstance;
  RuntimeError: new () => Error;
}
const NodeWasm = (globalThis as unknown as { WebAssembly: NodeWebAssembly }).WebAssembly;

/** Runs a scenario's program on the rewritten module until the trap; returns its memory and the value
 *  global 0 (the shadow stack pointer) had at the trap. */
export function memoryAtTrap(bytes: Uint8Array, run: Json): { memory: Uint8Array; stackPointer: number } {
  const module = new NodeWasm.Module(bytes);
  let instance: NodeInstance;
  let start: () => void;
  if (!run.wasi_preview1) {
    instance = new NodeWasm.Instance(module, {});
    const fn = instance.exports[run.invoke] as (...a: unknown[]) => unknown;
    start = () => fn(...(run.args ?? []));
  } else {
    const out = mkdtempSync(join(tmpdir(), 'purewasm-dwarf-'));
    const preopens: Record<string, string> = {};
    const w = run.wasi_preview1;
    for (const guest of Object.keys(w.preopens ?? {})) preopens[guest] = out;
    const wasi = new WASI({ version: 'preview1', args: w.args, env: w.env, preopens, returnOnExit: true });
    instance = new NodeWasm.Instance(module, { wasi_snapshot_preview1: wasi.wasiImport as Record<string, unknown> });
    const inst = instance;
    start = () => wasi.start(inst as Parameters<WASI['start']>[0]);
  }
  let trapped = false;
  try {
    start();
  } catch (e) {
    if (!(e instanceof NodeWasm.RuntimeError)) throw e;
    trapped = true;
  }
  if (!trapped) throw new Error('the program ended without reaching the stop');
  const memory = instance.exports.memory as { buffer: ArrayBuffer };
  const sp = instance.exports[SP_EXPORT] as { value: number };
  return { memory: new Uint8Array(memory.buffer.slice(0)), stackPointer: sp.value };
}
