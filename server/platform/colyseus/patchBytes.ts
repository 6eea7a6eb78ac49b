import type { Room } from "@colyseus/core";
import type { Metrics } from "../../metrics.js";

interface Encoder {
  encode(...args: unknown[]): Uint8Array;
}

/**
 * Counts state patch bytes for /metrics. Colyseus exposes no hook for the size of a patch, so
 * this wraps the room's schema encoder: each encoded patch is sent to every client of the room.
 */
export function countPatchBytes(room: Room, metrics: Metrics): void {
  const encoder = (room as unknown as { _serializer?: { encoder?: Encoder } })._serializer?.encoder;
  if (!encoder || typeof encoder.encode !== "function") return;
  const encode = encoder.encode.bind(encoder);
  encoder.encode = (...args: unknown[]) => {
    const out = encode(...args);
    metrics.patchBytes.inc(out.byteLength * room.clients.length);
    return out;
  };
}
