// Printing core function types in the reference text format, for validation messages
// ("expected: (func (param i32))", "expected global type i32, found i64").
import { NUM_TYPE_NAMES, valTypeName } from '../../decoder/type-names.js';
import type { CoreFuncType } from '../types.js';

export const CORE_NUM_NAMES = NUM_TYPE_NAMES;
export const showValType = valTypeName;

/** `(func (param i32 i32) (result i32))`, as the reference tools print a core function type. */
export function showCoreFuncType(t: CoreFuncType): string {
  let s = '(func';
  if (t.params.length > 0) s += ' (param ' + t.params.map(showValType).join(' ') + ')';
  if (t.results.length > 0) s += ' (result ' + t.results.map(showValType).join(' ') + ')';
  return s + ')';
}
