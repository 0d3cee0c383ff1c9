// The 64-bit canonical ABI through the ABI's own API, over a memory no typed array could hold (a sparse
// 8 GiB test double reached only through AbiMemory.large()): host values lowered by an export plan are
// lifted back by an import plan from the same memory, and a GuestString is transcoded memory to memory.
import { describe, expect, it } from 'vitest';
import { AbiContext, exportPlan, importPlan, type AbiMemory, type AbiOptions, type LargeMemory } from '../../src/abi/index.js';
import { GuestString, SRC_UTF8 } from '../../src/abi/guest-string.js';
import { MEMORY64_ABI } from '../../src/abi/memory64-abi.js';
import { ENC_UTF8 } from '../../src/abi/options.js';
import { bool, flags, funcType, list, option, record, string, u16, u32, u64, variant, type ValueType } from '../../src/component/value-types.js';

const PAGE = 1 << 16;
const FOUR_GIB = 2 ** 32;

/** A sparse memory of `byteLength` bytes with a bump realloc starting past 4 GiB that records its calls. */
function largeMemory(byteLength = 2 ** 33) {
  const pages = new Map<number, Uint8Array>();
  const page = (i: number) => {
    let p = pages.get(i);
    if (p === undefined) pages.set(i, (p = new Uint8Array(PAGE)));
    return p;
  };
  const large: LargeMemory = {
    byteLength,
    readBytes(ptr, dst, at, n) {
      for (let k = 0; k < n; k++) dst[at + k] = pages.get(Math.floor((ptr + k) / PAGE))?.[(ptr + k) % PAGE] ?? 0;
    },
    writeBytes(ptr, src, at, n) {
      for (let k = 0; k < n; k++) page(Math.floor((ptr + k) / PAGE))[(ptr + k) % PAGE] = src[at + k];
    },
  };
  let top = FOUR_GIB + 8;
  const calls: number[][] = [];
  const realloc = (old: number, oldSize: number, align: number, newSize: number): number => {
    calls.push([old, oldSize, align, newSize]);
    const p = Math.ceil(top / align) * align;
    top = p + newSize;
    if (old !== 0) {
      const t = new Uint8Array(Math.min(oldSize, newSize));
      large.readBytes(old, t, 0, t.length);
      large.writeBytes(p, t, 0, t.length);
    }
    return p;
  };
  const memory: AbiMemory = { index64: true, abi64: MEMORY64_ABI, bytes: () => new Uint8Array(0), large: () => large };
  return { large, calls, opts: (stringEncoding: AbiOptions['stringEncoding'] = 'utf8'): AbiOptions => ({ memory, realloc, stringEncoding }) };
}

/** Lower `args` as a guest export's parameters, then lift them back as a guest import's. */
function roundtrip(params: ValueType[], args: unknown[], opts: AbiOptions) {
  const ft = funcType(params.map((type, i) => ({ name: `p${i}`, type })));
  const flat = exportPlan(ft, true).lowerParams(new AbiContext(opts), args);
  return { flat, back: importPlan(ft, true).liftParams(new AbiContext(opts), flat) };
}

describe('64-bit ABI over a memory larger than a typed array', () => {
  const point = record([{ name: 'x', type: u32 }, { name: 'label', type: option(string) }, { name: 'on', type: bool }]);
  const shape = variant([{ name: 'none', type: undefined }, { name: 'many', type: list(point) }]);

  for (const enc of ['utf8', 'utf16', 'latin1+utf16'] as const) {
    it(`strings, lists, records, variants and flags round-trip (${enc})`, () => {
      const m = largeMemory();
      const args = [
        'héllo €𝄞',
        new Uint16Array([1, 0xfffe]),
        [{ x: 1, label: 'ÿ', on: true }, { x: 2, label: undefined, on: false }],
        { tag: 'many', val: [{ x: 3, label: 'z', on: true }] },
        { a: true, b: false },
        12345678901234n,
      ];
      const types = [string, list(u16), list(point), shape, flags(['a', 'b']), u64];
      const { flat, back } = roundtrip(types, args, m.opts(enc));
      expect(back).toEqual(args);
      // the string's pointer and length are i64s, its bytes past 4 GiB
      expect(typeof flat[0]).toBe('bigint');
      expect(flat[0] as bigint).toBeGreaterThanOrEqual(BigInt(FOUR_GIB));
    });
  }

  it('more than 16 flat params spill into a tuple at an i64 pointer past 4 GiB', () => {
    const m = largeMemory();
    const args = Array.from({ length: 9 }, (_, i) => `s${i} ✓`);
    const { flat, back } = roundtrip(new Array<ValueType>(9).fill(string), args, m.opts());
    expect(flat).toHaveLength(1);
    expect(flat[0] as bigint).toBeGreaterThanOrEqual(BigInt(FOUR_GIB));
    expect(back).toEqual(args);
  });

  it('a GuestString is transcoded into it memory to memory, with the spec realloc calls', () => {
    const m = largeMemory();
    const src = new Uint8Array([0, 0, ...Buffer.from('héllo', 'utf8')]);
    const g = new GuestString(src, 2, SRC_UTF8, 6, ENC_UTF8);
    const { back } = roundtrip([string], [g], m.opts('utf16'));
    expect(back).toEqual(['héllo']);
    // store_utf8_to_utf16: worst case 2 × 6 bytes, then a shrink to the 10 bytes used
    expect(m.calls).toHaveLength(2);
    expect(m.calls[0]).toEqual([0, 0, 2, 12]);
    expect(m.calls[1]).toEqual([FOUR_GIB + 8, 12, 2, 10]);
  });

  it('an out-of-bounds i64 pointer from the guest traps', () => {
    const m = largeMemory();
    const ft = funcType([{ name: 's', type: string }]);
    const lift = (ptr: bigint, len: bigint) => importPlan(ft, true).liftParams(new AbiContext(m.opts()), [ptr, len]);
    expect(() => lift(2n ** 33n, 1n)).toThrow(/out-of-bounds string/);
    expect(() => lift(-1n, 1n)).toThrow(/out-of-bounds string/);
    expect(lift(2n ** 33n - 1n, 1n)).toEqual(['\0']);
  });
});
