import type { Room } from "@colyseus/core";

interface Encoder {
  encode(...args: unknown[]): Uint8Array;
}

/**
 * Reports the bytes of every state patch times the clients it is sent to. Colyseus exposes no hook
 * for the size of a patch, so this wraps the room's schema encoder (`room._serializer.encoder`):
 * each encoded patch is sent to every client of the room. Returns false if it is not there.
 */
export function countPatchBytes(room: Room, onBytes: (bytes: number) => void): boolean {
  const encoder = (room as unknown as { _serializer?: { encoder?: Encoder } })._serializer?.encoder;
  if (!encoder || typeof encoder.encode !== "function") return false;
  const encode = encoder.encode.bind(encoder);
  encoder.encode = (...args: unknown[]) => {
    const out = encode(...args);
    onBytes(out.byteLength * room.clients.length);
    return out;
  };
  return true;
}
