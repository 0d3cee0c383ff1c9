// The canonical ABI (CanonicalABI.md): layout, strings, lift/lower of component values, and function
// plans compiled once per function type.
//
// Use: `exportPlan(ft)` to call a guest export (lowerParams → core call → liftResult → post-return, or
// `callExport` for all of it), `importPlan(ft)` / `hostTrampoline` to expose a host function to a guest.
// Each call gets an `AbiContext` (options + handle tables + memory views).
//
// Conventions (see docs in each file):
// - JS values follow jco: u64/s64 bigint; records camelCase objects; tuples arrays; variants
//   `{ tag, val }` (no `val` without payload); enums strings; options `T | undefined`, nested options
//   `{ tag: 'none' } | { tag: 'some', val }`; results `{ tag: 'ok' | 'err', val }`; flags camelCase objects
//   of booleans; lists of numbers typed arrays; chars one-code-point strings; handles via HandleTables.
// - Flat core values: i32 number (produced signed), i64 bigint (produced signed), f32/f64 numbers.
// - A 64-bit memory option (AbiMemory.index64) selects the 64-bit ABI: plans, layouts and codecs take a
//   `ptr64` flag (cached separately); pointers and lengths are then i64 core values. Memories too large for
//   one typed array are reached through AbiMemory.large() (large-memory.ts).
// - Bad host values throw TypeError/RangeError; everything the spec traps on throws vm `Trap`.
// - Host strings with lone surrogates are not Unicode strings: lowering them throws TypeError.
// - Strings of LAZY_STRING_BYTES (2^28) or more lift as a GuestString (still in guest memory, `toString()`
//   decodes) and lower by transcoding memory to memory in the spec's order (transcode.ts).
export type { AbiMemory, CoreCall, FlatValue, HandleTables, LargeMemory, Realloc } from './interfaces.js';
export type { AbiOptions, StringEncoding } from './options.js';
export { AbiContext, COPY_BUDGET } from './context.js';
export {
  alignTo,
  alignmentOf,
  discriminantSize,
  flattenType,
  flattenTypes,
  join,
  layoutOf,
  sizeOf,
  MAX_FLAT_PARAMS,
  MAX_FLAT_RESULTS,
  MAX_STRING_BYTE_LENGTH,
  UTF16_TAG,
  UTF16_TAG_64,
  type FlatType,
  type Layout,
} from './layout.js';
export { memoryCodec, type Loader, type MemoryCodec, type Storer } from './memory-codec.js';
export { compileFlatLift, compileFlatLower, type FlatLifter, type FlatLowerer } from './flat-codec.js';
export { exportPlan, importPlan, callExport, hostTrampoline, type ExportPlan, type ImportPlan } from './plan.js';
export { loadStringAt, loadStringFromRange, storeStringIntoRange } from './strings.js';
export { stringTooLong } from './trap.js';
export { GuestString, LAZY_STRING_BYTES } from './guest-string.js';
export { decodeUtf8, decodeUtf16, encodeUtf8Into, encodeUtf16Into } from './text-codec.js';
export { toLowerCamelCase } from './names.js';
