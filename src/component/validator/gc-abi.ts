// The GC flavour of the canonical ABI (`canon lift/lower … gc (core-type $t)`): values are not flattened
// into linear memory but passed as GC references. Each component parameter/result corresponds to exactly
// one core value: scalars to numbers, strings and lists to arrays, records and tuples to structs with one
// field per member, variants/options/results to (empty) structs, handles and async values to externrefs.
// This module checks a core function type against a component function type under those rules.
import { F32, F64, HeapType, I16, I32, I64, I8, heapTypeOf, isConcreteHeap, isRefType, CONCRETE_BASE } from '../../decoder/module.js';
import type { FieldType, ValType } from '../../decoder/module.js';
import type { CoreFuncType, FuncType, ValueType } from '../types.js';
import type { CoreTypeEntry } from './state.js';
import { CORE_NUM_NAMES, showValType } from './core-type-names.js';

const NAMES = CORE_NUM_NAMES;
const show = showValType;

/** The concrete type a reference points at, if it is a reference to a defined core type. */
function target(v: ValType, types: readonly CoreTypeEntry[]): CoreTypeEntry | undefined {
  if (!isRefType(v)) return undefined;
  const h = heapTypeOf(v);
  return isConcreteHeap(h) ? types[h - CONCRETE_BASE] : undefined;
}

/** The reference's wording for a component type whose core type is not `core` (`into`: its other wording). */
function lowering(kind: string, core: string, v: ValType, into = false): string {
  return `expected to lower component \`${kind}\` type ${into ? 'into' : 'to'} core \`${core}\` type, ${into ? 'but ' : ''}found \`${show(v)}\``;
}

const I32_KINDS = new Set(['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 'char', 'enum', 'flags']);
const EXTERN_KINDS = new Set(['own', 'borrow', 'stream', 'future', 'error-context']);

/** Why component type `t` does not correspond to core value type `v`, or undefined when it does. */
export function gcMismatch(t: ValueType, v: ValType, types: readonly CoreTypeEntry[], utf16: boolean): string | undefined {
  const k = t.kind;
  if (I32_KINDS.has(k)) {
    if (v === I32) return undefined;
    // (The reference words enums and flags differently from the scalar primitives.)
    return k === 'enum' || k === 'flags'
      ? lowering(k, 'i32', v, true)
      : lowering(k, 'i32', v);
  }
  if (k === 's64' || k === 'u64') return v === I64 ? undefined : lowering(k, 'i64', v);
  if (k === 'f32') return v === F32 ? undefined : lowering(k, 'f32', v);
  if (k === 'f64') return v === F64 ? undefined : lowering(k, 'f64', v);
  if (EXTERN_KINDS.has(k)) {
    return isRefType(v) && heapTypeOf(v) === HeapType.extern ? undefined : lowering(k, '(ref null? extern)', v, true);
  }
  const tt = target(v, types);
  switch (t.kind) {
    case 'string': {
      const want = utf16 ? I16 : I8;
      if (tt?.kind === 'array' && tt.element.type === want) return undefined;
      return lowering('string', `(ref null? (array (mut? ${NAMES[want]})))`, v);
    }
    case 'list':
      if (tt?.kind !== 'array') return `expected to lower component \`list\` type into \`(ref null? (array ...))\`, but found \`${show(v)}\``;
      return fieldMismatch(t.element, tt.element, types, utf16);
    case 'record':
    case 'tuple': {
      if (tt?.kind !== 'struct') return `expected to lower component \`${t.kind}\` type to core \`(ref null? (struct ...))\`, but found \`${show(v)}\``;
      const members = t.kind === 'record' ? t.fields.map((f) => f.type) : t.elements;
      if (tt.fields.length !== members.length) {
        return `core \`struct\` has ${tt.fields.length} fields, but component \`${t.kind}\` has ${members.length} fields`;
      }
      for (let i = 0; i < members.length; i++) {
        const e = fieldMismatch(members[i], tt.fields[i], types, utf16);
        if (e !== undefined) return e;
      }
      return undefined;
    }
    case 'option':
    case 'result':
    case 'variant':
      if (tt?.kind === 'struct' && tt.fields.length === 0) return undefined;
      return `expected to lower component \`${t.kind}\` type to core \`(ref null? (struct))\`, but found \`${show(v)}\``;
    default:
      return `component type \`${k}\` has no GC lowering`;
  }
}

/** Struct fields and array elements: small integers are stored packed. */
function fieldMismatch(t: ValueType, f: FieldType, types: readonly CoreTypeEntry[], utf16: boolean): string | undefined {
  const packed = t.kind === 'bool' || t.kind === 'u8' || t.kind === 's8' ? I8 : t.kind === 'u16' || t.kind === 's16' ? I16 : undefined;
  if (packed !== undefined) {
    return f.type === packed ? undefined : lowering(t.kind, NAMES[packed], f.type);
  }
  return gcMismatch(t, f.type, types, utf16);
}

/** Why core function type `core` does not carry component function `ft` under the GC ABI. */
export function gcSignatureMismatch(ft: FuncType, core: CoreFuncType, types: readonly CoreTypeEntry[], utf16: boolean): string | undefined {
  if (core.params.length !== ft.params.length) return `core function has ${core.params.length} parameters, but the component function has ${ft.params.length}`;
  for (let i = 0; i < ft.params.length; i++) {
    const e = gcMismatch(ft.params[i].type, core.params[i], types, utf16);
    if (e !== undefined) return e;
  }
  const n = ft.result === undefined ? 0 : 1;
  if (core.results.length !== n) return `core function has ${core.results.length} results, but the component function has ${n}`;
  return ft.result === undefined ? undefined : gcMismatch(ft.result, core.results[0], types, utf16);
}
