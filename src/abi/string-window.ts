// Storing a string into a 64-bit memory with the ordinary string stores (strings.ts, transcode.ts), which
// write through `cx.u8` at the pointer realloc returned. A 64-bit memory may have no `u8` (too large for
// a typed array) or lose it inside realloc (memory.grow past 4 GiB), so while the store runs `cx.u8` is a
// window: a copy of the bytes of the current allocation, and realloc returns offsets into it (always 0).
// Each realloc first writes the window back (the guest's realloc sees, and may copy, what was stored so
// far), calls the guest's realloc with guest addresses, and reads the new allocation into a new window.
// The calls to realloc are exactly the ones the store makes; only the bytes take a detour.
import type { AbiContext } from './context.js';

const NO_BYTES = new Uint8Array(0);

export class StringWindow {
  /** Guest address of the window's first byte. */
  private at = 0;
  private bytes: Uint8Array | undefined = undefined;

  realloc(cx: AbiContext, oldPtr: number, oldSize: number, align: number, newSize: number): number {
    let guestOld = oldPtr;
    if (this.bytes !== undefined) {
      this.flush(cx);
      guestOld = this.at + oldPtr;
    }
    const at = cx.reallocGuest(guestOld, oldSize, align, newSize);
    const bytes = new Uint8Array(newSize);
    if (cx.big !== undefined) cx.big.readBytes(at, bytes, 0, newSize);
    else bytes.set(cx.opts.memory!.bytes().subarray(at, at + newSize));
    this.at = at;
    this.bytes = bytes;
    cx.u8 = bytes;
    return 0;
  }

  /** Write the window back; `ptr` (a window offset) as a guest address. */
  close(cx: AbiContext, ptr: number): number {
    if (this.bytes === undefined) return ptr;
    this.flush(cx);
    return this.at + ptr;
  }

  private flush(cx: AbiContext): void {
    const b = this.bytes!;
    if (cx.big !== undefined) cx.big.writeBytes(this.at, b, 0, b.length);
    else cx.opts.memory!.bytes().set(b, this.at);
  }
}

/** Run a string store (`store` returns its pointer) through a window; returns the guest pointer. */
export function storeThroughWindow(cx: AbiContext, store: () => number): number {
  const saved = cx.u8;
  const w = new StringWindow();
  cx.window = w;
  try {
    return w.close(cx, store());
  } finally {
    cx.window = undefined;
    // Back to the memory's own view (a memory that became large has none).
    cx.u8 = cx.big !== undefined ? NO_BYTES : saved;
    cx.refresh();
  }
}
