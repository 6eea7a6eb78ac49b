interface Decoder {
  decode(bytes: Uint8Array): unknown;
}
interface Axes {
  dx: number;
  dy: number;
  dash: number;
}

/**
 * Decodes one reliable MoveInput frame body without the generic schema decoder; anything it does
 * not recognise goes to `fallback` (Colyseus' decoder), so the result is always the same.
 *
 * A MoveInput change is a run of pairs `[field index | operation, int8 value]`: index 0 (dx), 1
 * (dy) or 2 (dash), operation ADD (0x80) or REPLACE (0x00). The generic decoder allocates on every frame, and
 * part of that is still referenced when the next young-generation GC runs, so under load it is
 * promoted: the largest source of old-generation garbage (heap sampling of objects collected by
 * major GC, `npm run bench` load), and with it a major GC every few seconds.
 */
export function decodeMoveInput(bytes: Uint8Array, into: Axes, fallback: Decoder): void {
  const n = bytes.length;
  if ((n & 1) !== 0 || n > 12) return void fallback.decode(bytes);
  for (let i = 0; i < n; i += 2) {
    if ((bytes[i]! & 0x7f) > 2) return void fallback.decode(bytes);
  }
  for (let i = 0; i < n; i += 2) {
    const value = (bytes[i + 1]! << 24) >> 24;
    const field = bytes[i]! & 0x7f;
    if (field === 0) into.dx = value;
    else if (field === 1) into.dy = value;
    else into.dash = value;
  }
}

/** The per-client input Colyseus decodes into and buffers clones of, as a plain object. */
export class PlainMoveInput implements Axes {
  dx = 0;
  dy = 0;
  dash = 0;
  clone(): Axes {
    return { dx: this.dx, dy: this.dy, dash: this.dash };
  }
}

/**
 * A decoder into a plain MoveInput, for the wire guards' `inputDecoder` option: every field write
 * of a schema instance goes through a change-tracking setter, about 1 µs per input frame in
 * `bench/one.ts` profiles, for an object that is never synchronized (Colyseus only reads the
 * instance's fields and calls its `clone()`). The generic decoder (the fallback) works on the
 * schema instance, which is brought up to date before and copied back after, so the two agree on
 * every frame.
 */
export function plainMoveInputDecoder(generic: Decoder, genericTarget: Axes): { input: PlainMoveInput; decoder: Decoder } {
  const input = new PlainMoveInput();
  const fallback: Decoder = {
    decode(bytes) {
      genericTarget.dx = input.dx;
      genericTarget.dy = input.dy;
      genericTarget.dash = input.dash;
      try {
        return generic.decode(bytes);
      } finally {
        input.dx = genericTarget.dx;
        input.dy = genericTarget.dy;
        input.dash = genericTarget.dash;
      }
    },
  };
  return { input, decoder: { decode: (bytes) => decodeMoveInput(bytes, input, fallback) } };
}
