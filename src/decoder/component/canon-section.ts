// Canonical definitions (section 8): lift, lower, resource builtins and the async/thread builtins, with
// their canon options. Opcodes follow Binary.md "Canonical Definitions".
import type { Reader } from '../reader.js';
import { readCoreValType } from './core-types.js';
import { readValType } from './type-section.js';
import type { Canon, CanonKind, CanonOpt, ValTypeRef } from './ast.js';

function readOpts(r: Reader): CanonOpt[] {
  const opts: CanonOpt[] = [];
  for (let n = r.vecLen(), i = 0; i < n; i++) {
    const start = r.pos;
    const b = r.u8();
    switch (b) {
      case 0x00:
        opts.push({ kind: 'string-encoding', encoding: 'utf8' });
        break;
      case 0x01:
        opts.push({ kind: 'string-encoding', encoding: 'utf16' });
        break;
      case 0x02:
        opts.push({ kind: 'string-encoding', encoding: 'latin1+utf16' });
        break;
      case 0x03:
        opts.push({ kind: 'memory', index: r.u32() });
        break;
      case 0x04:
        opts.push({ kind: 'realloc', index: r.u32() });
        break;
      case 0x05:
        opts.push({ kind: 'post-return', index: r.u32() });
        break;
      case 0x06:
        opts.push({ kind: 'async' });
        break;
      case 0x07:
        opts.push({ kind: 'callback', index: r.u32() });
        break;
      case 0x08:
        opts.push({ kind: 'core-type', index: r.u32() });
        break;
      case 0x09:
        opts.push({ kind: 'gc' });
        break;
      default:
        r.fail(`invalid leading byte (0x${b.toString(16)}) for canonical option`, start);
    }
  }
  return opts;
}

interface Parts {
  func?: number;
  type?: number;
  opts?: CanonOpt[];
  result?: ValTypeRef;
  flag?: boolean;
  valType?: number;
  slot?: number;
  memory?: number;
  table?: number;
}
function make(kind: CanonKind, p: Parts = {}): Canon {
  return {
    kind,
    func: p.func,
    type: p.type,
    opts: p.opts ?? [],
    result: p.result,
    flag: p.flag ?? false,
    valType: p.valType,
    slot: p.slot,
    memory: p.memory,
    table: p.table,
  };
}

function readFlag(r: Reader): boolean {
  const start = r.pos;
  const b = r.u8();
  if (b > 1) r.fail(`invalid boolean value 0x${b.toString(16)}`, start);
  return b === 1;
}

const STREAM_FUTURE: Record<number, [CanonKind, 'none' | 'opts' | 'flag']> = {
  0x0e: ['stream.new', 'none'],
  0x0f: ['stream.read', 'opts'],
  0x10: ['stream.write', 'opts'],
  0x11: ['stream.cancel-read', 'flag'],
  0x12: ['stream.cancel-write', 'flag'],
  0x13: ['stream.drop-readable', 'none'],
  0x14: ['stream.drop-writable', 'none'],
  0x15: ['future.new', 'none'],
  0x16: ['future.read', 'opts'],
  0x17: ['future.write', 'opts'],
  0x18: ['future.cancel-read', 'flag'],
  0x19: ['future.cancel-write', 'flag'],
  0x1a: ['future.drop-readable', 'none'],
  0x1b: ['future.drop-writable', 'none'],
};

export function readCanon(r: Reader): Canon {
  const start = r.pos;
  const op = r.u8();
  switch (op) {
    case 0x00: {
      const t = r.pos;
      const sort = r.u8();
      if (sort !== 0x00) r.fail(`invalid leading byte (0x${sort.toString(16)}) for canonical function lift`, t);
      const func = r.u32();
      const opts = readOpts(r);
      return make('lift', { func, opts, type: r.u32() });
    }
    case 0x01: {
      const t = r.pos;
      const sort = r.u8();
      if (sort !== 0x00) r.fail(`invalid leading byte (0x${sort.toString(16)}) for canonical function lower`, t);
      const func = r.u32();
      return make('lower', { func, opts: readOpts(r) });
    }
    case 0x02:
      return make('resource.new', { type: r.u32() });
    case 0x03:
      return make('resource.drop', { type: r.u32() });
    case 0x07:
      return make('resource.drop-async', { type: r.u32() });
    case 0x04:
      return make('resource.rep', { type: r.u32() });
    case 0x08:
      return make('backpressure.set');
    case 0x24:
      return make('backpressure.inc');
    case 0x25:
      return make('backpressure.dec');
    case 0x09: {
      const t = r.pos;
      const tag = r.u8();
      let result: ValTypeRef | undefined;
      if (tag === 0x00) result = readValType(r);
      else if (tag === 0x01) {
        if (r.vecLen() !== 0) r.fail('named results are not supported', t);
      } else r.fail('invalid result list', t);
      return make('task.return', { result, opts: readOpts(r) });
    }
    case 0x05:
      return make('task.cancel');
    case 0x0a:
    case 0x0b: {
      const valType = readCoreValType(r);
      return make(op === 0x0a ? 'context.get' : 'context.set', { valType, slot: r.u32() });
    }
    case 0x0c:
      return make('thread.yield', { flag: readFlag(r) });
    case 0x06:
      return make('subtask.cancel', { flag: readFlag(r) });
    case 0x0d:
      return make('subtask.drop');
    case 0x1c:
      return make('error-context.new', { opts: readOpts(r) });
    case 0x1d:
      return make('error-context.debug-message', { opts: readOpts(r) });
    case 0x1e:
      return make('error-context.drop');
    case 0x1f:
      return make('waitable-set.new');
    case 0x20:
    case 0x21: {
      const flag = readFlag(r);
      return make(op === 0x20 ? 'waitable-set.wait' : 'waitable-set.poll', { flag, memory: r.u32() });
    }
    case 0x22:
      return make('waitable-set.drop');
    case 0x23:
      return make('waitable.join');
    case 0x26:
      return make('thread.index');
    case 0x27: {
      const type = r.u32();
      return make('thread.new-indirect', { type, table: r.u32() });
    }
    case 0x28:
      return make('thread.resume-later');
    case 0x29:
      return make('thread.suspend', { flag: readFlag(r) });
    case 0x2a:
      return make('thread.suspend-then-resume', { flag: readFlag(r) });
    case 0x2b:
      return make('thread.yield-then-resume', { flag: readFlag(r) });
    case 0x2c:
      return make('thread.suspend-then-promote', { flag: readFlag(r) });
    case 0x2d:
      return make('thread.yield-then-promote', { flag: readFlag(r) });
    // shared-everything-threads builtins (no `shared?` immediate in the encoding wasm-tools emits).
    case 0x40:
      return make('thread.spawn-ref', { type: r.u32() });
    case 0x41: {
      const type = r.u32();
      return make('thread.spawn-indirect', { type, table: r.u32() });
    }
    case 0x42:
      return make('thread.available-parallelism');
    default: {
      const sf = STREAM_FUTURE[op];
      if (sf === undefined) return r.fail(`invalid leading byte (0x${op.toString(16)}) for canonical function`, start);
      const type = r.u32();
      if (sf[1] === 'opts') return make(sf[0], { type, opts: readOpts(r) });
      if (sf[1] === 'flag') return make(sf[0], { type, flag: readFlag(r) });
      return make(sf[0], { type });
    }
  }
}
