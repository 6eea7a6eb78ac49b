/** A growable byte buffer with the few encodings a replay needs (unsigned varints, u32, raw bytes). */
export class ByteWriter {
  private buf = new Uint8Array(4096);
  private n = 0;

  get length(): number {
    return this.n;
  }

  private room(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.n));
    this.buf = grown;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.n++] = v & 0xff;
  }

  /** Unsigned LEB128, for integers 0 ≤ v < 2^32. */
  varint(v: number): void {
    this.room(5);
    let x = v >>> 0;
    while (x >= 0x80) {
      this.buf[this.n++] = (x & 0x7f) | 0x80;
      x >>>= 7;
    }
    this.buf[this.n++] = x;
  }

  u32(v: number): void {
    this.room(4);
    const x = v >>> 0;
    this.buf[this.n++] = x >>> 24;
    this.buf[this.n++] = (x >>> 16) & 0xff;
    this.buf[this.n++] = (x >>> 8) & 0xff;
    this.buf[this.n++] = x & 0xff;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** Thrown by ByteReader when the data ends early or says something impossible. */
export class ByteError extends Error {
  constructor(
    readonly kind: "truncated" | "corrupt",
    message: string,
  ) {
    super(message);
  }
}

export class ByteReader {
  private i = 0;

  constructor(private readonly buf: Uint8Array) {}

  get offset(): number {
    return this.i;
  }

  get done(): boolean {
    return this.i >= this.buf.length;
  }

  private need(k: number): void {
    if (this.i + k > this.buf.length) throw new ByteError("truncated", `the data ends at byte ${this.buf.length}, ${k} more expected`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.i++]!;
  }

  varint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        if (result > 0xffffffff) throw new ByteError("corrupt", `a number at byte ${this.i} is out of range`);
        return result;
      }
    }
    throw new ByteError("corrupt", `a number at byte ${this.i} is too long`);
  }

  u32(): number {
    this.need(4);
    const b = this.buf;
    const v = ((b[this.i]! << 24) | (b[this.i + 1]! << 16) | (b[this.i + 2]! << 8) | b[this.i + 3]!) >>> 0;
    this.i += 4;
    return v;
  }

  bytes(k: number): Uint8Array {
    this.need(k);
    const out = this.buf.subarray(this.i, this.i + k);
    this.i += k;
    return out;
  }
}
