// Canonical ABI throughput: host value → guest memory (lower) → host value (lift), per shape.
// `npx tsx bench/abi.ts --json` prints {"abi": {...}}; the harness calls runAbiBench() for `--abi`.
// MB counts the bytes the value occupies in guest memory (UTF-8 for strings), once per round trip.
import * as T from '../src/component/value-types.js';
import { AbiContext, exportPlan, importPlan, type AbiOptions } from '../src/abi/index.js';

/** A guest-like memory with a bump realloc that is reset between round trips. */
function benchMemory(size: number) {
  const u8 = new Uint8Array(size);
  let top = 8;
  const realloc = (old: number, oldSize: number, align: number, newSize: number): number => {
    if (old !== 0 && newSize <= oldSize) return old;
    const ptr = (top + align - 1) & ~(align - 1);
    top = ptr + newSize;
    if (top > u8.length) throw new Error('bench memory exhausted');
    if (old !== 0) u8.copyWithin(ptr, old, old + oldSize);
    return ptr;
  };
  const opts: AbiOptions = { memory: { bytes: () => u8 }, realloc, stringEncoding: 'utf8' };
  return { opts, reset: () => void (top = 8) };
}

/** Round trips per second-ish: run `once` until ~`ms` elapsed (after warm-up), return MB/s. */
function measure(bytesPerRun: number, once: () => void, ms = 400): number {
  for (let i = 0; i < 5; i++) once();
  let runs = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    once();
    runs++;
    now = performance.now();
  }
  return (bytesPerRun * runs) / ((now - start) / 1000) / 1e6;
}

function roundTrip(t: T.ValueType, value: unknown, bytes: number): number {
  const ft = T.funcType([{ name: 'v', type: t }]);
  const exp = exportPlan(ft);
  const imp = importPlan(ft);
  const mem = benchMemory(64 << 20);
  let sink: unknown;
  const mbps = measure(bytes, () => {
    mem.reset();
    const cx = new AbiContext(mem.opts);
    const flat = exp.lowerParams(cx, [value]);
    sink = imp.liftParams(cx, flat)[0];
  });
  if (sink === undefined) throw new Error('no result');
  return Math.round(mbps);
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export async function runAbiBench(): Promise<{ abi: Record<string, { mb_per_s: number }> }> {
  const MiB = 1 << 20;
  const bytes = new Uint8Array(MiB);
  for (let i = 0; i < MiB; i++) bytes[i] = (i * 31) & 0xff;

  let ascii = '';
  while (ascii.length < MiB) ascii += 'The quick brown fox jumps over the lazy dog. ';
  ascii = ascii.slice(0, MiB);

  // 1 MiB of UTF-8 with 2-, 3- and 4-byte sequences.
  const chunk = 'é€😀ü世界ß';
  const unicode = chunk.repeat(Math.floor(MiB / utf8Length(chunk)));

  const rec = T.record([
    { name: 'a', type: T.u32 },
    { name: 'b', type: T.string },
    { name: 'c', type: T.option(T.f64) },
  ]);
  const records = Array.from({ length: 10_000 }, (_, i) => ({ a: i, b: `item-${i}`, c: i % 2 ? i * 0.5 : undefined }));
  const recordBytes = records.length * 32 + records.reduce((s, r) => s + r.b.length, 0);

  return {
    abi: {
      list_u8: { mb_per_s: roundTrip(T.list(T.u8), bytes, MiB) },
      string_ascii: { mb_per_s: roundTrip(T.string, ascii, MiB) },
      string_unicode: { mb_per_s: roundTrip(T.string, unicode, utf8Length(unicode)) },
      list_record: { mb_per_s: roundTrip(T.list(rec), records, recordBytes) },
    },
  };
}

const direct = typeof process !== 'undefined' && /abi\.[tj]s$/.test(process.argv[1] ?? '');
if (direct) {
  void runAbiBench().then((r) => {
    process.stdout.write(JSON.stringify(r, null, process.argv.includes('--json') ? undefined : 2) + '\n');
  });
}
