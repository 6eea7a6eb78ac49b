/**
 * The floor's wire format: hand-packed binary, only what changed. Positions are 16-bit over the
 * arena (the same precision as Orb Arena's quantized schema fields), slots are one byte.
 *
 * server → client
 *   WELCOME [1][mySlot][nPlayers]{slot qx:u16 qy:u16 score:u16 hue nameLen name}*[nOrbs]{orbSlot x:u16 y:u16 value}*[phase][round:u16]
 *   PATCH   [2][nMoved]{slot qx qy}*[nScored]{slot score:u16}*[nGone]{orbSlot}*[nNew]{orbSlot x y value}*
 *   JOINED  [3][slot qx qy hue nameLen name]   LEFT [4][slot]   CHAT [5][fromSlot][id:u16][text]
 *   ACK     [6][requestId:u16][ok][chatId:u16] ROUND [7][phase][round:u16]
 * client → server
 *   input   one byte 0..8 = (dx+1)*3 + (dy+1)          chat [0x20][requestId:u16][text]
 */
import { ARENA_HEIGHT_UNITS, ARENA_WIDTH_UNITS } from "../../shared/sim/constants.js";

export const FLOOR = { WELCOME: 1, PATCH: 2, JOINED: 3, LEFT: 4, CHAT: 5, ACK: 6, ROUND: 7, CHAT_REQUEST: 0x20 } as const;
export const PHASES = ["waiting", "playing", "ended"] as const;

export const quantizeX = (x: number) => Math.round((x / ARENA_WIDTH_UNITS) * 65535);
export const quantizeY = (y: number) => Math.round((y / ARENA_HEIGHT_UNITS) * 65535);
export const unquantizeX = (q: number) => (q / 65535) * ARENA_WIDTH_UNITS;

/** A growable write cursor over a reusable scratch buffer; `take()` copies out exactly what was written. */
export class Writer {
  private buf = Buffer.allocUnsafe(4096);
  offset = 0;

  reset(): this {
    this.offset = 0;
    return this;
  }
  private room(n: number): void {
    if (this.offset + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.offset + n));
    this.buf.copy(bigger, 0, 0, this.offset);
    this.buf = bigger;
  }
  u8(v: number): this {
    this.room(1);
    this.buf[this.offset++] = v;
    return this;
  }
  u16(v: number): this {
    this.room(2);
    this.buf.writeUInt16LE(v & 0xffff, this.offset);
    this.offset += 2;
    return this;
  }
  /** A short string: one length byte, then UTF-8 (cut to 255 bytes). */
  str8(s: string): this {
    const bytes = Buffer.from(s, "utf8").subarray(0, 255);
    this.u8(bytes.length);
    this.room(bytes.length);
    bytes.copy(this.buf, this.offset);
    this.offset += bytes.length;
    return this;
  }
  /** Writes a byte at an earlier position (to patch a count in after the fact). */
  setU8(at: number, v: number): void {
    this.buf[at] = v;
  }
  take(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.offset));
  }
}
