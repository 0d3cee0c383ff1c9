// What the JS tier's tests compare with: Node's WebAssembly (tests only), wasm from text, and a call's outcome
// as text — its result, or 'trap' for a trap of either engine (anything else is named, and differs).
import { Trap } from '../../src/index.js';

export const NodeWasm = (globalThis as { WebAssembly?: any }).WebAssembly;

export async function wat(text: string): Promise<Uint8Array> {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  return parse(text);
}

export function outcome(f: (...a: number[]) => unknown, ...a: number[]): string {
  try {
    return String(f(...a));
  } catch (e) {
    return e instanceof Trap || e instanceof NodeWasm.RuntimeError ? 'trap' : `unexpected ${String(e)}`;
  }
}
