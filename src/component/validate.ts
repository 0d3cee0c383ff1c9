// Entry point for component validation: decode, then type-check every definition (see validator/).
// Throws CompileError ('malformed' from the decoder, 'invalid' from the validator).
import { decodeComponent } from '../decoder/component/decode-component.js';
import { validateAst } from './validator/validate-component.js';
import type { ComponentInfo, ValidateOptions } from './validator/state.js';

export type { ValidateOptions };

export function validateComponent(bytes: Uint8Array, options?: ValidateOptions): void {
  validateAst(decodeComponent(bytes), options);
}

/** Decode and validate, returning the root component's type information (imports/exports). */
export function validateComponentInfo(bytes: Uint8Array, options?: ValidateOptions): ComponentInfo {
  return validateAst(decodeComponent(bytes), options);
}
