// The "effective type size" limit: component and instance types can grow exponentially through nested
// imports and instantiations, so each new one is measured (memoized per object) and rejected beyond the
// limit wasm-tools uses.
import type { ComponentType, ExternType, InstanceType } from '../types.js';
import type { Scope } from './state.js';

export const MAX_TYPE_SIZE = 1_000_000;
export const TOO_BIG = 'effective type size exceeds the limit';
const sizes = new WeakMap<object, number>();

function externSize(e: ExternType): number {
  switch (e.kind) {
    case 'module':
      return 1 + e.type.imports.length + e.type.exports.size;
    case 'func':
      return 1 + e.type.params.length;
    case 'instance':
    case 'component':
      return typeSize(e.type);
    default:
      return 1;
  }
}

export function typeSize(t: InstanceType | ComponentType): number {
  let s = sizes.get(t);
  if (s !== undefined) return s;
  s = 1;
  for (const e of t.exports.values()) s += externSize(e);
  if (t.kind === 'component') for (const e of t.imports.values()) s += externSize(e);
  s = Math.min(s, MAX_TYPE_SIZE + 1);
  sizes.set(t, s);
  return s;
}

export function checkTypeSize<T extends InstanceType | ComponentType>(t: T, scope: Scope, offset: number): T {
  if (typeSize(t) > MAX_TYPE_SIZE) scope.fail(TOO_BIG, offset);
  return t;
}
