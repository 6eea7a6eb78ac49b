import type { Room } from "@colyseus/core";

interface Decoder {
  decode(bytes: Uint8Array): unknown;
}
interface Axes {
  dx: number;
  dy: number;
}

/**
 * Decodes one reliable MoveInput frame body without the generic schema decoder; anything it does
 * not recognise goes to `fallback` (Colyseus' decoder), so the result is always the same.
 *
 * A MoveInput change is a run of pairs `[field index | operation, int8 value]`: index 0 (dx) or 1
 * (dy), operation ADD (0x80) or REPLACE (0x00). The generic decoder allocates on every frame, and
 * part of that is still referenced when the next young-generation GC runs, so under load it is
 * promoted: the largest source of old-generation garbage (heap sampling of objects collected by
 * major GC, `npm run bench` load), and with it a major GC every few seconds.
 */
export function decodeMoveInput(bytes: Uint8Array, into: Axes, fallback: Decoder): void {
  const n = bytes.length;
  if ((n & 1) !== 0 || n > 8) return void fallback.decode(bytes);
  for (let i = 0; i < n; i += 2) {
    if ((bytes[i]! & 0x7e) !== 0) return void fallback.decode(bytes);
  }
  for (let i = 0; i < n; i += 2) {
    const value = (bytes[i + 1]! << 24) >> 24;
    if ((bytes[i]! & 1) === 0) into.dx = value;
    else into.dy = value;
  }
}

/**
 * Gives each client of `room` the MoveInput decoder above in place of Colyseus' generic one (the
 * framework has no option for a custom input decoder). Returns false, and changes nothing, if the
 * Colyseus internals it relies on are not there (the generic decoder then keeps working).
 */
export function useMoveInputDecoder(room: Room): boolean {
  const controller = (room as unknown as { _inputController?: { allocate?: (client: unknown) => void } })._inputController;
  const allocate = controller?.allocate;
  if (!controller || typeof allocate !== "function") return false;
  controller.allocate = function (this: unknown, client: unknown) {
    allocate.call(this, client);
    const c = client as { _input?: Axes; _inputDecoder?: Decoder };
    const input = c._input;
    const generic = c._inputDecoder;
    if (!input || !generic || typeof generic.decode !== "function") return;
    c._inputDecoder = Object.assign(Object.create(generic) as Decoder, {
      decode: (bytes: Uint8Array) => decodeMoveInput(bytes, input, generic),
    });
  };
  return true;
}
