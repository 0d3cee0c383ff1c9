// The oracle side of the differential: a Node's own WebAssembly as an Engine of the harness (ttf-shell.ts).
// The same code drives the running Node 20 in-process and the newer Node of the child process (ttf-oracle.ts),
// so it imports nothing from src/ but the decoder's constants (through ttf-shell.ts).
import type { Engine } from './ttf-shell.js';

/** The parts of a Node's WebAssembly the harness uses (Tag, Exception and JSTag: where V8 has them). */
export interface NodeWasm {
  Module: { new (b: Uint8Array): object; exports(m: object): { name: string }[] };
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  RuntimeError: new () => Error;
  Tag?: new (type: { parameters: string[] }) => object;
  Exception?: new (tag: object, payload: unknown[]) => Error;
  JSTag?: object;
}

/** A trap message of either engine (V8's wording, or the spec's that purewasm uses) as one word per kind.
 *  V8's words are coarser, so some of the spec's kinds are one here: "null function or function signature
 *  mismatch" (V8 14: "function signature mismatch") is both a null entry and a wrong signature; "float unrepresentable in integer range" is both the
 *  spec's "invalid conversion to integer" (NaN) and its "integer overflow" of a truncation, so the spec's
 *  "integer overflow" (a truncation's or a division's, V8's "divide result unrepresentable") joins them.
 *  An unknown message stays itself (and shows as a divergence). */
export function trapKindOf(message: string): string {
  const kinds: [RegExp, string][] = [
    [/unreachable/, 'unreachable'],
    [/array element access out of bounds|out of bounds array access/, 'array'],
    [/illegal cast|cast failure/, 'cast'],
    // (an atomic access both unaligned and out of bounds: V8 names the alignment, we the bounds; a trap is a
    // trap to wasm, so both are one kind)
    [/memory access out of bounds|out of bounds memory access|data segment|unaligned/, 'memory'],
    [/divide by zero|remainder by zero/, 'divide by zero'],
    [/integer overflow|divide result unrepresentable|float unrepresentable|invalid conversion/, 'overflow or conversion'],
    // (V8 14 on a null entry: "null function" when the type is not final, else the mismatch; not our
    // "null function reference" of a call_ref)
    [/^null function$|function signature mismatch|uninitialized element|indirect call type mismatch/, 'indirect call'],
    [/table index is out of bounds|undefined element|out of bounds table access|element segment|table/, 'table'],
    [/null/, 'null'],
    [/call stack/, 'stack'],
  ];
  for (const [re, kind] of kinds) if (re.test(message)) return kind;
  return message;
}

/** `wasm` (a Node's WebAssembly) as an engine; a new one per run, for fresh tags as fuzz_shell.js makes them. */
export function nodeEngine(wasm: NodeWasm): Engine {
  const wasmtag = wasm.Tag === undefined ? undefined : new wasm.Tag({ parameters: ['i32'] });
  return {
    name: 'node',
    instantiate(bytes, imports) {
      const m = new wasm.Module(bytes);
      return { exports: new wasm.Instance(m, imports).exports, exportNames: wasm.Module.exports(m).map((e) => e.name) };
    },
    trapKind: (e) => (e instanceof wasm.RuntimeError ? trapKindOf(e.message) : undefined),
    provided: { wasmtag, jstag: wasm.JSTag },
    exception: (which) => (wasm.Exception === undefined ? new Error('no wasm tag') : new wasm.Exception(wasmtag!, [which])),
  };
}
