// Scratch registers shared by every SIMD operation (see ./simd.ts for the calling convention).
//
// A, B, C: operands (16 bytes each); R: result; S: scalar in/out (8 bytes); SH: i8x16.shuffle lane indices.
// Each register has one view per lane shape, all over the same 16 bytes, little-endian lanes (as the
// host is: every engine we target is little-endian).

export const A = new Int32Array(4);
export const B = new Int32Array(4);
export const C = new Int32Array(4);
export const R = new Int32Array(4);

export const A8 = new Int8Array(A.buffer);
export const AU8 = new Uint8Array(A.buffer);
export const A16 = new Int16Array(A.buffer);
export const AU16 = new Uint16Array(A.buffer);
export const AU32 = new Uint32Array(A.buffer);
export const AF32 = new Float32Array(A.buffer);
export const AF64 = new Float64Array(A.buffer);

export const B8 = new Int8Array(B.buffer);
export const BU8 = new Uint8Array(B.buffer);
export const B16 = new Int16Array(B.buffer);
export const BU16 = new Uint16Array(B.buffer);
export const BU32 = new Uint32Array(B.buffer);
export const BF32 = new Float32Array(B.buffer);
export const BF64 = new Float64Array(B.buffer);

export const CF32 = new Float32Array(C.buffer);
export const CF64 = new Float64Array(C.buffer);

export const R8 = new Int8Array(R.buffer);
export const RU8 = new Uint8Array(R.buffer);
export const R16 = new Int16Array(R.buffer);
export const RF32 = new Float32Array(R.buffer);
export const RF64 = new Float64Array(R.buffer);

/** Scalar register: i32 / f32 bits in S[0]; i64 / f64 bits as S[0] = lo, S[1] = hi. */
export const S = new Int32Array(2);

/** i8x16.shuffle's 16 lane indices (0..31), filled by the caller before calling shuffle. */
export const SH = new Uint8Array(16);
