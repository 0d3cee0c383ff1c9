// Per-call state of the canonical ABI (CanonicalABI.md CallContext): the options, the handle tables and
// cached views of guest memory. Views are refreshed after every realloc because realloc may grow memory.
import type { AbiMemory, FlatValue, HandleTables, LargeMemory, Memory64Abi } from './interfaces.js';
import type { StringWindow } from './string-window.js';
import { encodingCode, type AbiOptions, type Enc } from './options.js';
import { trap } from './trap.js';

const EMPTY = new Uint8Array(0);
/** The view of no memory, shared: a context is made per call, and most calls never touch memory. */
const EMPTY_DV = new DataView(EMPTY.buffer);

export class AbiContext {
  readonly opts: AbiOptions;
  readonly enc: Enc;
  readonly handles: HandleTables | undefined;
  /** The memory option is a 64-bit memory: pointers and lengths are i64 (CanonicalABI.md ptr_type). */
  readonly ptr64: boolean;
  /** With ptr64: the 64-bit ABI's routines (`purewasm/component-memory64`), which only the 64-bit codecs call. */
  readonly abi64: Memory64Abi | undefined;
  /** Current bytes of guest memory (empty when the options have no memory, or the memory is `big`). */
  u8: Uint8Array = EMPTY;
  /** DataView over `u8`; for a `big` memory a LargeView (abi64) with the same methods (only 64-bit codecs see it). */
  dv: DataView = EMPTY_DV;
  /** Byte length of guest memory: what every bounds check compares with. */
  size = 0;
  /** A 64-bit memory too large for a typed array, accessed by copying ranges (abi64: large-memory.ts). */
  big: LargeMemory | undefined = undefined;
  /**
   * @internal Second result of the last string store: its code-unit count, with UTF16_TAG (bit 31) set for a
   * latin1+utf16 string stored as UTF-16; the 64-bit codecs move the tag to bit 63 when they store it.
   */
  strLen = 0;
  /** Open while a 64-bit string store runs (string-window.ts): realloc then hands out window offsets. */
  window: StringWindow | undefined = undefined;

  constructor(opts: AbiOptions, handles?: HandleTables) {
    this.opts = opts;
    this.enc = encodingCode(opts.stringEncoding);
    this.handles = handles;
    this.ptr64 = opts.memory?.index64 === true;
    this.abi64 = opts.memory?.abi64;
    // (the component layer refuses a 64-bit memory option without the pack before any call)
    if (this.ptr64 && this.abi64 === undefined) throw new TypeError("canonical ABI: a 64-bit memory needs purewasm/component-memory64's ABI (AbiMemory.abi64)");
    this.refresh();
  }

  /** Re-read the memory view; cheap when the memory did not change. */
  refresh(): void {
    const m = this.opts.memory;
    if (m === undefined) return;
    if (this.ptr64 && this.refreshLarge(m)) return;
    const u8 = m.bytes();
    if (u8 !== this.u8) {
      this.u8 = u8;
      this.dv = m.view !== undefined ? m.view() : new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
      this.size = u8.length;
    }
  }

  /** A 64-bit memory that is (now) too large for a typed array: true, with `big`, `dv`, `size` set. */
  private refreshLarge(m: AbiMemory): boolean {
    const big = m.large?.();
    if (big === undefined) return false;
    if (big !== this.big) {
      this.big = big;
      this.u8 = EMPTY;
      this.dv = this.abi64!.largeView(big);
    }
    this.size = big.byteLength;
    return true;
  }

  /** @internal Memory is required by this type; trapping mirrors validation ("canonical option memory required"). */
  needMemory(): void {
    if (this.opts.memory === undefined) trap('canonical ABI: memory option required');
  }

  /** Call the guest's realloc, then check the result's alignment and bounds as the spec does. */
  realloc(oldPtr: number, oldSize: number, align: number, newSize: number): number {
    if (this.window !== undefined) return this.window.realloc(this, oldPtr, oldSize, align, newSize);
    return this.reallocGuest(oldPtr, oldSize, align, newSize);
  }

  /** realloc in guest addresses, whether or not a string window is open. */
  reallocGuest(oldPtr: number, oldSize: number, align: number, newSize: number): number {
    const r = this.opts.realloc;
    if (r === undefined) trap('canonical ABI: realloc option required');
    this.needMemory();
    const raw = r(oldPtr, oldSize, align, newSize);
    const ptr = this.ptr64 ? raw : raw >>> 0;
    this.refresh();
    if ((ptr & (align - 1)) !== 0) trap('misaligned pointer returned by realloc');
    if (ptr + newSize > this.size) trap('realloc returned an out-of-bounds pointer');
    return ptr;
  }

  /**
   * Bytes of nested lists and strings this context may still lift (undefined: no limit). Copies through
   * streams and futures lift whole values at once; a value whose lists share memory can describe far more
   * bytes than memory holds (a list of 16,384 references to one 128 KiB list, nested), so such copies get
   * a budget, as wasmtime's host-call fuel.
   */
  budget: number | undefined = undefined;

  /** @internal The range checks of load_list_from_range / lift_flat_values for guest-supplied pointers. */
  checkRange(ptr: number, byteLength: number, align: number, what: string): void {
    this.needMemory();
    if (this.budget !== undefined && (this.budget -= byteLength) < 0) trap(`${what}: value too large to copy (more than ${COPY_BUDGET_TEXT} of nested lists and strings)`);
    if ((ptr & (align - 1)) !== 0) trap(`misaligned pointer (${what})`);
    if (ptr + byteLength > this.size) trap(`out-of-bounds ${what}`);
  }

  /** @internal */
  handleTables(): HandleTables {
    const h = this.handles;
    if (h === undefined) throw new TypeError('canonical ABI: no handle tables given for a handle type');
    return h;
  }
}

export type { FlatValue };

/** The budget of one stream or future copy (see AbiContext.budget). */
export const COPY_BUDGET = 64 * 1024 * 1024;
const COPY_BUDGET_TEXT = '64 MiB';
