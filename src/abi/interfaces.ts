// What the canonical ABI needs from the rest of the runtime, as interfaces: the instantiation layer
// (src/component) implements them over vm memories, core functions and per-instance handle tables.
import type { AsyncValueType, HandleType } from '../component/value-types.js';
import type { AbiContext } from './context.js';
import type { GuestString } from './guest-string.js';

/**
 * A guest linear memory. `bytes()` returns the current view of the whole memory; it can be a new object
 * after the memory grows (realloc may grow it), so the ABI re-reads it after every realloc call.
 *
 * A 64-bit memory (`index64`) selects the 64-bit canonical ABI (cm64): i64 pointers and lengths, 8-byte
 * string/list fields, read and written with `abi64`, the routines of `purewasm/component-memory64`. When such a
 * memory is too big for one typed array, `large()` returns its byte-range accessor and `bytes()` is empty;
 * the ABI then copies the ranges it touches (large-memory.ts).
 */
export interface AbiMemory {
  bytes(): Uint8Array;
  /** A DataView over `bytes()`, the same object for as long as `bytes()` is (optional: a context makes
   *  one otherwise; the embedder's cache saves a DataView per call). */
  view?(): DataView;
  readonly index64?: boolean;
  /** With `index64`: the 64-bit ABI's own routines (`purewasm/component-memory64`'s, Memory64Abi). */
  readonly abi64?: Memory64Abi;
  /** The accessor of a memory no typed array can hold, or undefined while the memory is flat. */
  large?(): LargeMemory | undefined;
}

/**
 * What only the 64-bit canonical ABI (the 🐘 gate of the component model, cm64) does, which `purewasm/component-memory64`
 * provides (src/component-memory64): the codecs compiled for 64-bit pointers reach it as `cx.abi64`, so the 32-bit ones
 * and `purewasm` do not carry it (strings64.ts, string-window.ts, large-memory.ts).
 */
export interface Memory64Abi {
  /** Lift a string at `ptr` (unsigned) with an i64 tagged length. */
  loadString64(cx: AbiContext, ptr: number, tagged: bigint): string | GuestString;
  /** Lower a string into a 64-bit memory: returns the pointer, leaves the 32-bit-form length in `cx.strLen`. */
  storeString64(cx: AbiContext, v: string | GuestString): number;
  /** The last store's length (`cx.strLen`) as the i64 a 64-bit memory holds. */
  strLen64(cx: AbiContext): bigint;
  /** Copy `bytes` into guest memory at `ptr` (in bounds). */
  writeRange(cx: AbiContext, ptr: number, bytes: Uint8Array): void;
  /** A copy of the bytes [ptr, ptr+n) of a memory no typed array holds. */
  readRange(mem: LargeMemory, ptr: number, n: number): Uint8Array;
  /** A DataView-shaped view of such a memory (each access copies its few bytes). */
  largeView(mem: LargeMemory): DataView;
}

/** Byte-range access to a memory larger than a typed array (callers check bounds first). */
export interface LargeMemory {
  readonly byteLength: number;
  readBytes(ptr: number, dst: Uint8Array, at: number, n: number): void;
  writeBytes(ptr: number, src: Uint8Array, at: number, n: number): void;
}

/**
 * The guest's `realloc(originalPtr, originalSize, alignment, newSize) -> ptr` core export, with numbers on
 * both sides whatever the memory's index type: the embedder adapts a 64-bit realloc's i64 signature.
 */
export type Realloc = (originalPtr: number, originalSize: number, alignment: number, newSize: number) => number;

/** A flat core value: i32 and f32/f64 as numbers, i64 as bigint. */
export type FlatValue = number | bigint;

/**
 * Handle tables of the component instance the call runs in (CanonicalABI.md §Runtime State). The
 * implementation owns borrow scopes and lend counts: it is handed per call, so it can track the
 * current call. Every failure ("unknown handle", wrong resource type, handle still lent, not an own
 * handle …) must be thrown as `Trap`.
 */
export interface HandleTables {
  /** lower_own: put the host's resource value into the table as an own handle; returns its index. */
  lowerOwn(t: HandleType, value: unknown): number;
  /** lower_borrow: lend the host value for this call; returns the index (or the rep, same instance). */
  lowerBorrow(t: HandleType, value: unknown): number;
  /** lift_own: remove the own handle at `index` (traps if lent or a borrow) and return its value. */
  liftOwn(t: HandleType, index: number): unknown;
  /** lift_borrow: look up `index` and record the lend for this call; returns the value. */
  liftBorrow(t: HandleType, index: number): unknown;
  lowerErrorContext?(value: unknown): number;
  liftErrorContext?(index: number): unknown;
  /** stream/future ends (async extension). */
  lowerAsyncValue?(t: AsyncValueType, value: unknown): number;
  liftAsyncValue?(t: AsyncValueType, index: number): unknown;
}

/** A core function as the ABI calls it: flat arguments in, flat results out. */
export type CoreCall = (args: FlatValue[]) => readonly FlatValue[];
