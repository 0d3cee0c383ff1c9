// Canonical definitions (section 8): lift, lower, resource builtins and the async/thread builtins, with
// their canon options. Opcodes follow Binary.md "Canonical Definitions".
import { badByte, expectByte } from './bad-byte.js';
import type { Reader } from '../reader.js';
import { readCoreValType } from './core-types.js';
import { readValType } from './type-section.js';
import type { Canon, CanonKind, CanonOpt, ValTypeRef } from './ast.js';

/** Canon options by leading byte: string encodings, then options with a u32 index or none. */
const OPTS: readonly string[] = ['utf8', 'utf16', 'latin1+utf16', 'memory', 'realloc', 'post-return', 'async', 'callback', 'core-type', 'gc'];
/** Options without an index. */
const BARE = new Set(['async', 'gc']);

function readOpts(r: Reader): CanonOpt[] {
  const opts: CanonOpt[] = [];
  for (let n = r.vecLen(), i = 0; i < n; i++) {
    const start = r.pos;
    const b = r.u8();
    const kind = OPTS[b];
    if (kind === undefined) badByte(r, b, 'canonical option', start);
    opts.push((b < 3 ? { kind: 'string-encoding', encoding: kind } : BARE.has(kind) ? { kind } : { kind, index: r.u32() }) as CanonOpt);
  }
  return opts;
}

function readFlag(r: Reader): boolean {
  const start = r.pos;
  const b = r.u8();
  if (b > 1) r.fail(`invalid boolean value 0x${b.toString(16)}`, start);
  return b === 1;
}

/**
 * Each canon form by opcode: its kind, then (space-separated, `-` for none) its immediates in binary
 * order — `S` the sort byte (core func), `F` a function index, `t` a type index, `o` canon options, `r`
 * task.return's result list, `v` a core value type, `n` a context slot, `f` a flag byte, `m` a memory,
 * `T` a table index — and, for the builtins whose core signature depends on no immediate, that signature
 * (`params:results`, one letter per core type: `i` i32) and the feature that gates the builtin (`T` the
 * threading feature, `S` shared-everything threads). One table, so each builtin is named once.
 */
const FORMS: Record<number, string> = {
  0x00: 'lift SFot', 0x01: 'lower SFo', 0x02: 'resource.new t', 0x03: 'resource.drop t', 0x04: 'resource.rep t',
  0x05: 'task.cancel - :', 0x06: 'subtask.cancel f i:i', 0x07: 'resource.drop-async t', 0x08: 'backpressure.set - i:', 0x09: 'task.return ro',
  0x0a: 'context.get vn', 0x0b: 'context.set vn', 0x0c: 'thread.yield f :i', 0x0d: 'subtask.drop - i:',
  0x1c: 'error-context.new o', 0x1d: 'error-context.debug-message o', 0x1e: 'error-context.drop - i:', 0x1f: 'waitable-set.new - :i',
  0x20: 'waitable-set.wait fm', 0x21: 'waitable-set.poll fm', 0x22: 'waitable-set.drop - i:', 0x23: 'waitable.join - ii:',
  0x24: 'backpressure.inc - :', 0x25: 'backpressure.dec - :', 0x26: 'thread.index - :i T', 0x27: 'thread.new-indirect tT - T',
  0x28: 'thread.resume-later - i: T', 0x29: 'thread.suspend f :i T', 0x2a: 'thread.suspend-then-resume f i:i T', 0x2b: 'thread.yield-then-resume f i:i T',
  0x2c: 'thread.suspend-then-promote f i:i T', 0x2d: 'thread.yield-then-promote f i:i T',
  // shared-everything-threads builtins (no `shared?` immediate in the encoding wasm-tools emits).
  0x40: 'thread.spawn-ref t - S', 0x41: 'thread.spawn-indirect tT - S', 0x42: 'thread.available-parallelism - :i S',
};
// stream.* at 0x0e…0x14, future.* at 0x15…0x1b, each form with the stream or future type first.
['stream', 'future'].forEach((what, k) =>
  ['new t', 'read to', 'write to', 'cancel-read tf', 'cancel-write tf', 'drop-readable t', 'drop-writable t'].forEach((form, i) => {
    FORMS[0x0e + 7 * k + i] = `${what}.${form}`;
  }),
);

/** What the validator needs of a builtin beyond its immediates: its fixed core signature and its feature. */
export interface BuiltinInfo {
  readonly signature: string | undefined;
  readonly feature: string | undefined;
}
const INFO: Record<string, BuiltinInfo> = {};
for (const form of Object.values(FORMS)) {
  const [kind, , sig, feature] = form.split(' ');
  INFO[kind] = { signature: sig === '-' ? undefined : sig, feature };
}

/** The fixed core signature and the gating feature of canon form `kind` (both may be undefined). */
export function builtinInfo(kind: string): BuiltinInfo {
  return INFO[kind];
}

/** The immediates that are one u32 index, and the field each goes to. */
const INDEX_FIELDS: Record<string, 'func' | 'type' | 'slot' | 'memory' | 'table'> = { F: 'func', t: 'type', n: 'slot', m: 'memory', T: 'table' };

export function readCanon(r: Reader): Canon {
  const start = r.pos;
  const op = r.u8();
  const form = FORMS[op];
  if (form === undefined) return badByte(r, op, 'canonical function', start);
  const [kind, imms = ''] = form.split(' ') as [CanonKind, string?];
  const c = { kind, func: undefined, type: undefined, opts: [], result: undefined, flag: false, valType: undefined, slot: undefined, memory: undefined, table: undefined } as {
    -readonly [K in keyof Canon]: Canon[K];
  };
  for (const imm of imms) {
    const at = r.pos;
    switch (imm) {
      case 'S':
        expectByte(r, 0x00, `canonical function ${kind}`);
        break;
      case 'o':
        c.opts = readOpts(r);
        break;
      case 'r': {
        const tag = r.u8();
        let result: ValTypeRef | undefined;
        if (tag === 0x00) result = readValType(r);
        else if (tag !== 0x01) r.fail('invalid result list', at);
        else if (r.vecLen() !== 0) r.fail('named results are not supported', at);
        c.result = result;
        break;
      }
      case 'f':
        c.flag = readFlag(r);
        break;
      case 'v':
        c.valType = readCoreValType(r);
        break;
      case '-': // no immediates
        break;
      default:
        c[INDEX_FIELDS[imm]] = r.u32();
    }
  }
  return c;
}
