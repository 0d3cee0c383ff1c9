// Bit-exact WebAssembly values for embedders that need more than the JS API's number/bigint mapping
// (the spec-test runner, replay, debuggers). Floats are carried as raw bits so NaN payloads survive.

export type WasmValue =
  | { readonly type: 'i32'; readonly value: number } // int32 (signed view)
  | { readonly type: 'i64'; readonly value: bigint } // signed 64-bit
  | { readonly type: 'f32'; readonly bits: number } // uint32 bit pattern
  | { readonly type: 'f64'; readonly bits: bigint } // uint64 bit pattern
  | { readonly type: 'v128'; readonly bytes: Uint8Array } // 16 bytes, little-endian lanes
  | { readonly type: 'ref'; readonly value: unknown }; // null, a function reference, an extern value, a GC object

export const i32 = (value: number): WasmValue => ({ type: 'i32', value: value | 0 });
export const i64 = (value: bigint): WasmValue => ({ type: 'i64', value: BigInt.asIntN(64, value) });
export const f32bits = (bits: number): WasmValue => ({ type: 'f32', bits: bits >>> 0 });
export const f64bits = (bits: bigint): WasmValue => ({ type: 'f64', bits: bits & 0xffff_ffff_ffff_ffffn });
export const v128 = (bytes: Uint8Array): WasmValue => ({ type: 'v128', bytes });
export const ref = (value: unknown): WasmValue => ({ type: 'ref', value });
