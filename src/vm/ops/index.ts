// Namespaced entry point to the operation library (see README.md in this folder for the conventions).
// The interpreter may equally import the files directly (e.g. `import { mul, out } from './ops/i64.js'`).
export * as i32 from './i32.js';
export * as i64 from './i64.js';
export * as float from './float.js';
export * as convert from './convert.js';
export * as simd from './simd.js';
