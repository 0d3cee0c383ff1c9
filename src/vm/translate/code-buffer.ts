// The growable Int32Array a function's internal code is written into.

export class CodeBuffer {
  code = new Int32Array(256);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.code.length) return;
    let cap = this.code.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Int32Array(cap);
    next.set(this.code.subarray(0, this.length));
    this.code = next;
  }

  emit1(a: number): void {
    this.reserve(1);
    this.code[this.length++] = a;
  }
  emit2(a: number, b: number): void {
    this.reserve(2);
    const c = this.code;
    c[this.length] = a;
    c[this.length + 1] = b;
    this.length += 2;
  }
  emit3(a: number, b: number, x: number): void {
    this.reserve(3);
    const c = this.code;
    c[this.length] = a;
    c[this.length + 1] = b;
    c[this.length + 2] = x;
    this.length += 3;
  }
  emit4(a: number, b: number, x: number, y: number): void {
    this.reserve(4);
    const c = this.code;
    c[this.length] = a;
    c[this.length + 1] = b;
    c[this.length + 2] = x;
    c[this.length + 3] = y;
    this.length += 4;
  }
  emitN(...xs: number[]): void {
    this.reserve(xs.length);
    for (const x of xs) this.code[this.length++] = x;
  }

  /** The finished code, trimmed. */
  finish(): Int32Array {
    return this.code.slice(0, this.length);
  }
}
