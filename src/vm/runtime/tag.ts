// Exception handling's store objects: a tag instance (its identity is what `catch` matches) and the
// exception package a `throw` creates (also the exnref value). An uncaught wasm exception reaches JS as the
// `WasmException` itself (name "Exception", the JS API's WebAssembly.Exception); a host function may catch
// it and rethrow it into wasm. Any other value a host function throws enters wasm as an exception of the JS
// API's JSTag (`jsTag()`), its payload the value, and leaves wasm as the value again (exec/host.ts).
import { EXTERNREF } from '../../decoder/module.js';
import type { ValType } from '../../decoder/module.js';
import { canonicalTagTypeId } from '../../validate/canonical-types.js';
import type { ValidatedModule } from '../../validate/validated-module.js';
import { readJS, type ValueCells } from './convert.js';
import { units } from './func.js';

export class TagInst {
  /** @internal Parameter types (the payload), in the decoder's encoding. */
  readonly params: readonly ValType[];
  /** @internal Canonical type id of the tag's function type (link-time matching). */
  readonly typeId: number;
  /** @internal The JS API wrapper, when one was made. */
  wrapper: unknown = undefined;
  /** @internal The module whose type indices `params` count in (concrete reference types, converted at the
   *  JS boundary: convert.ts toRef); null for a tag made in JS, whose types JS names. */
  readonly owner: ValidatedModule | null;

  constructor(params: readonly ValType[], typeId: number, owner: ValidatedModule | null = null) {
    this.params = params;
    this.typeId = typeId;
    this.owner = owner;
  }
}

let theJsTag: TagInst | null = null;

/** The JS API's `WebAssembly.JSTag` (payload one externref): the tag of JS values thrown into wasm. One for
 *  the process, as the JS API has one per agent; made on first use (it holds no state). */
export function jsTag(): TagInst {
  return (theJsTag ??= new TagInst([EXTERNREF], canonicalTagTypeId([EXTERNREF])));
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

  /** JS API `Exception.prototype.is`: whether this is an exception of `tag`. */
  is(tag: TagInst): boolean {
    return tag === this.tag;
  }

  /** JS API `Exception.prototype.getArg`: payload value `index` as a JS value (an i64 as a bigint; a v128
   *  is a TypeError, as at every JS boundary). */
  getArg(tag: TagInst, index: number): unknown {
    if (tag !== this.tag) throw new TypeError('getArg: the exception is not of this tag');
    // (WebIDL's [EnforceRange] unsigned long: a number in range, its fraction dropped)
    const i = Math.trunc(+index);
    if (!(i >= 0 && i <= 0xffffffff)) throw new TypeError(`getArg: the index must be a number from 0 to 2^32 - 1, not ${String(index)}`);
    const params = tag.params;
    if (i >= params.length) throw new RangeError(`getArg: the tag has ${params.length} payload values, no value ${i}`);
    let unit = 0;
    for (let j = 0; j < i; j++) unit += units(params[j]);
    return readJS(payloadCells(this.units, this.refs), params[i], unit);
  }
}

/** @internal A payload's units as the value cells the JS boundary's conversions read and write. */
export function payloadCells(units: Int32Array, refs: unknown[]): ValueCells {
  // (a payload is a copy of its own, never shared memory)
  const b = units.buffer as ArrayBuffer;
  const at = units.byteOffset;
  return { I32: new Int32Array(b, at, units.length), F32: new Float32Array(b, at, units.length), F64: new Float64Array(b, at, units.length >> 1), refs };
}
