// Exception handling's store objects: a tag instance (its identity is what `catch` matches) and the
// exception package a `throw` creates (also the exnref value). An uncaught wasm exception reaches JS as the
// `WasmException` itself (name "Exception", the JS API's WebAssembly.Exception); a host function may catch
// it and rethrow it into wasm. Other JS errors thrown by a host are never catchable by wasm.
import type { ValType } from '../../decoder/module.js';

export class TagInst {
  /** @internal Parameter types (the payload), in the decoder's encoding. */
  readonly params: readonly ValType[];
  /** @internal Canonical type id of the tag's function type (link-time matching). */
  readonly typeId: number;
  /** @internal The JS API wrapper, when one was made. */
  wrapper: unknown = undefined;

  constructor(params: readonly ValType[], typeId: number) {
    this.params = params;
    this.typeId = typeId;
  }
}

export class WasmException extends Error {
  readonly tag: TagInst;
  /** @internal Payload as value-stack units (2 per value, 4 per v128), params in order. */
  readonly units: Int32Array;
  /** @internal References of ref-typed payload values, at the same unit index as in `units` (null elsewhere). */
  readonly refs: unknown[];

  constructor(tag: TagInst, units: Int32Array, refs: unknown[]) {
    super('uncaught wasm exception');
    this.name = 'Exception';
    this.tag = tag;
    this.units = units;
    this.refs = refs;
  }
}
