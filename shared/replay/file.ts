/**
 * Replay files as stored and downloaded: the payload (format.ts) gzip-compressed with the
 * Compression Streams API, which Node 22 and every current browser have (one code path for the
 * server, `npm run replay` and the viewer).
 */
import { ReplayError } from "./errors.js";
import { decodePayload, encodePayload, type DecodedReplay, type ReplayHeader } from "./format.js";

/** Largest replay file accepted anywhere (compressed), bytes: the server's REPLAY_MAX_FILE_BYTES may only be lower. */
export const MAX_REPLAY_FILE_BYTES = 4 * 1024 * 1024;
/** Largest uncompressed payload: a file that inflates past this is refused while inflating. */
export const MAX_REPLAY_PAYLOAD_BYTES = 32 * 1024 * 1024;

async function pipe(data: Uint8Array, stream: TransformStream<Uint8Array, Uint8Array>, maxOut: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; the writer's own promises are only observed.
  writer.write(data).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxOut) {
      await reader.cancel().catch(() => undefined);
      throw new ReplayError("TOO_LARGE", `the replay inflates past ${maxOut} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The file for a finished round. */
export async function packReplay(header: ReplayHeader, body: Uint8Array): Promise<Uint8Array> {
  return pipe(encodePayload(header, body), new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>, MAX_REPLAY_PAYLOAD_BYTES);
}

/** Reads a file from anywhere (upload, download, disk): size-checked, inflated with a cap, decoded; throws ReplayError. */
export async function unpackReplay(file: Uint8Array, maxFileBytes = MAX_REPLAY_FILE_BYTES): Promise<DecodedReplay> {
  if (file.byteLength > maxFileBytes) throw new ReplayError("TOO_LARGE", `the replay file is ${file.byteLength} bytes (at most ${maxFileBytes})`);
  if (file.byteLength < 2 || file[0] !== 0x1f || file[1] !== 0x8b) throw new ReplayError("CORRUPT", "not a replay file (not gzip data)");
  let payload: Uint8Array;
  try {
    payload = await pipe(file, new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>, MAX_REPLAY_PAYLOAD_BYTES);
  } catch (err) {
    if (err instanceof ReplayError) throw err;
    const e = err as { message?: string; code?: string; cause?: { message?: string } };
    const message = e?.message || e?.cause?.message || String(err);
    const truncated = e?.code === "Z_BUF_ERROR" || /unexpected end|incomplete|truncat/i.test(message);
    throw new ReplayError(truncated ? "TRUNCATED" : "CORRUPT", `the replay file cannot be inflated (${message})`);
  }
  return decodePayload(payload);
}
