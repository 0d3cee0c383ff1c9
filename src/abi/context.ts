// Per-call state of the canonical ABI (CanonicalABI.md CallContext): the options, the handle tables and
// cached views of guest memory. Views are refreshed after every realloc because realloc may grow memory.
import type { FlatValue, HandleTables } from './interfaces.js';
import { encodingCode, type AbiOptions, type Enc } from './options.js';
import { trap } from './trap.js';

const EMPTY = new Uint8Array(0);

export class AbiContext {
  readonly opts: AbiOptions;
  readonly enc: Enc;
  readonly handles: HandleTables | undefined;
  /** Current bytes of guest memory (empty when the options have no memory). */
  u8: Uint8Array = EMPTY;
  dv: DataView = new DataView(EMPTY.buffer);
  /** Second result of the last string store (its tagged code-unit count). */
  strLen = 0;

  constructor(opts: AbiOptions, handles?: HandleTables) {
    this.opts = opts;
    this.enc = encodingCode(opts.stringEncoding);
    this.handles = handles;
    this.refresh();
  }

  /** Re-read the memory view; cheap when the memory did not change. */
  refresh(): void {
    const m = this.opts.memory;
    if (m === undefined) return;
    const u8 = m.bytes();
    if (u8 !== this.u8) {
      this.u8 = u8;
      this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    }
  }

  /** Memory is required by this type; trapping mirrors validation ("canonical option memory required"). */
  needMemory(): void {
    if (this.opts.memory === undefined) trap('canonical ABI: memory option required');
  }

  /** Call the guest's realloc, then check the result's alignment and bounds as the spec does. */
  realloc(oldPtr: number, oldSize: number, align: number, newSize: number): number {
    const r = this.opts.realloc;
    if (r === undefined) trap('canonical ABI: realloc option required');
    this.needMemory();
    const ptr = r(oldPtr, oldSize, align, newSize) >>> 0;
    this.refresh();
    if ((ptr & (align - 1)) !== 0) trap('misaligned pointer returned by realloc');
    if (ptr + newSize > this.u8.length) trap('realloc returned an out-of-bounds pointer');
    return ptr;
  }

  /** The range checks of load_list_from_range / lift_flat_values for guest-supplied pointers. */
  checkRange(ptr: number, byteLength: number, align: number, what: string): void {
    this.needMemory();
    if ((ptr & (align - 1)) !== 0) trap(`misaligned pointer (${what})`);
    if (ptr + byteLength > this.u8.length) trap(`out-of-bounds ${what}`);
  }

  handleTables(): HandleTables {
    const h = this.handles;
    if (h === undefined) throw new TypeError('canonical ABI: no handle tables given for a handle type');
    return h;
  }
}

export type { FlatValue };
