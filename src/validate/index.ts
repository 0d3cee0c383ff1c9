// Public API of validation: validateModule, compile (decode + validate), validate (boolean).
import { decodeModule } from '../decoder/decode-module.js';
import type { CoreFeatures } from '../decoder/features.js';
import { validateModule } from './module-validator.js';
import type { ValidatedModule } from './validated-module.js';

export { validateModule } from './module-validator.js';
export { validateFunction, validateConstExpr, localTypesOf } from './function-validator.js';
export { canonicalSubtype, canonicalSuper } from './canonical-types.js';
export { valTypeMatchesAcross, valTypeEqualsAcross } from './cross-module.js';
export type { ValidatedModule } from './validated-module.js';
export type { CoreFeatures } from '../decoder/features.js';
export type { BodySink, BodyContext, Immediates } from './sink.js';
export { CATCH, CATCH_REF, CATCH_ALL, CATCH_ALL_REF } from './sink.js';
export { TypeTable, BOT } from './type-table.js';

/**
 * Decodes and validates a core module. `features` switches on proposals beyond 3.0 + threads (default:
 * none); the validator takes them from the decoded module. Throws CompileError.
 */
export function compile(bytes: Uint8Array, features?: CoreFeatures): ValidatedModule {
  return validateModule(decodeModule(bytes, features));
}

/** The bytes of a buffer or a view of one, as the JS API takes them (anything else is a TypeError). */
export function toBytes(source: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (source instanceof Uint8Array) return source;
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  throw new TypeError('expected an ArrayBuffer or a typed array');
}

/**
 * Whether `bytes` is a valid core module (like WebAssembly.validate). `features` as for `new Module`: a
 * module using SIMD, GC, atomic, legacy exception-handling or wide-arithmetic instructions is valid only with
 * their packs (`{ simd, gc, threads, legacyExceptions, wideArithmetic }`).
 */
export function validate(bytes: ArrayBuffer | ArrayBufferView, features?: CoreFeatures): boolean {
  try {
    compile(toBytes(bytes), features);
    return true;
  } catch (e) {
    if (e instanceof Error && e.name === 'CompileError') return false;
    throw e;
  }
}
