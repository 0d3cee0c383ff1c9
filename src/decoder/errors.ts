// Errors raised while decoding or validating a binary.

/** The reference interpreter's wording for a section or function body that ends before its contents do. */
export const END_OF_SECTION = 'unexpected end of section or function';
/** An input that ends before a value does (the header, a constant expression, a read past the end). */
export const UNEXPECTED_END = 'unexpected end';
/** A type index past the type section (the validator says it in seven places). */
export const UNKNOWN_TYPE = 'unknown type';

/**
 * A binary is malformed or invalid. `section` names where it happened ("code", "type", "component import"
 * …), `offset` is the byte offset in the binary, and the message says what was expected.
 * The name and shape follow the JS API's `WebAssembly.CompileError`.
 */
export class CompileError extends Error {
  readonly section: string;
  readonly offset: number;
  /** The reason without location, as the spec's reference interpreter words it where one exists. */
  readonly reason: string;
  /** 'malformed' for decoding errors, 'invalid' for validation errors. */
  readonly kind: 'malformed' | 'invalid';

  /** Optional context for humans (e.g. "i32.add in function 3"); not part of `reason`. */
  readonly detail: string | undefined;

  constructor(reason: string, section: string, offset: number, kind: 'malformed' | 'invalid' = 'malformed',
    detail?: string) {
    super(`${reason}${detail ? ` (${detail})` : ''} (${section} section, at byte offset ${offset})`);
    this.detail = detail;
    this.name = 'CompileError';
    this.reason = reason;
    this.section = section;
    this.offset = offset;
    this.kind = kind;
  }
}
