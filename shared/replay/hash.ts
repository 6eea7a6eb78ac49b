/**
 * FNV-1a (32-bit) over the exact bits of numbers: two states hash alike only when every number is
 * the same double. The server hashes its room state with it, a re-simulation its own.
 */
export class StateHash {
  private h = 0x811c9dc5;
  private readonly view = new DataView(new ArrayBuffer(8));

  private byte(b: number): void {
    this.h = Math.imul(this.h ^ b, 0x01000193) >>> 0;
  }

  /** Adds a number's IEEE 754 bits (so 0.1 + 0.2 and 0.3 differ, as they should). */
  number(v: number): this {
    this.view.setFloat64(0, v);
    for (let i = 0; i < 8; i++) this.byte(this.view.getUint8(i));
    return this;
  }

  /** Adds a small integer (0 ≤ v < 2^32). */
  int(v: number): this {
    const x = v >>> 0;
    this.byte(x >>> 24);
    this.byte((x >>> 16) & 0xff);
    this.byte((x >>> 8) & 0xff);
    this.byte(x & 0xff);
    return this;
  }

  get value(): number {
    return this.h;
  }
}

/** A hash as shown to people: 8 hex digits. */
export const hashText = (h: number) => (h >>> 0).toString(16).padStart(8, "0");
