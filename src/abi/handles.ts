// Values that cross as an i32 table index — own and borrow handles, error contexts, stream and future
// ends — lifted and lowered through the call's HandleTables. One routine per kind, shared by the memory
// codec (the index is a u32 in memory) and the flat codec (the index is an i32 slot).
import type { ValueType } from '../component/value-types.js';
import type { AbiContext } from './context.js';

export interface IndexCodec {
  /** The JS value of the handle at table index `i`. */
  lift(cx: AbiContext, i: number): unknown;
  /** The table index the JS value `v` gets. */
  lower(cx: AbiContext, v: unknown): number;
}

function unsupported(what: string): never {
  throw new TypeError(`handle tables do not support ${what}`);
}

/** The index codec of `t` when it is a handle-like type (own, borrow, error-context, stream, future). */
export function indexCodec(t: ValueType): IndexCodec | undefined {
  switch (t.kind) {
    case 'own':
      return { lift: (cx, i) => cx.handleTables().liftOwn(t, i), lower: (cx, v) => cx.handleTables().lowerOwn(t, v) };
    case 'borrow':
      return { lift: (cx, i) => cx.handleTables().liftBorrow(t, i), lower: (cx, v) => cx.handleTables().lowerBorrow(t, v) };
    case 'error-context':
      return {
        lift: (cx, i) => {
          const h = cx.handleTables();
          return h.liftErrorContext === undefined ? unsupported(t.kind) : h.liftErrorContext(i);
        },
        lower: (cx, v) => {
          const h = cx.handleTables();
          return h.lowerErrorContext === undefined ? unsupported(t.kind) : h.lowerErrorContext(v);
        },
      };
    case 'stream':
    case 'future':
      return {
        lift: (cx, i) => {
          const h = cx.handleTables();
          return h.liftAsyncValue === undefined ? unsupported(t.kind) : h.liftAsyncValue(t, i);
        },
        lower: (cx, v) => {
          const h = cx.handleTables();
          return h.lowerAsyncValue === undefined ? unsupported(t.kind) : h.lowerAsyncValue(t, v);
        },
      };
    default:
      return undefined;
  }
}
