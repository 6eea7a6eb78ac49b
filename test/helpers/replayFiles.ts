import { ReplayBodyWriter, encodePayload, type DecodedReplay } from "../../shared/replay/format.js";

/** Writes a decoded replay back into an (uncompressed) payload: tests tamper with one and re-pack it. */
export function encodeDecoded({ header, steps }: DecodedReplay): Uint8Array {
  const body = new ReplayBodyWriter();
  for (const step of steps) {
    for (const slot of step.leaves ?? []) body.leave(slot);
    for (const { slot, record } of step.joins ?? []) body.join(slot, record);
    if (step.rng !== undefined) body.rng(step.rng);
    if (step.nowMs !== undefined) body.time(Math.round(step.nowMs * 1000) - (header.clockStartUs ?? 0));
    body.step();
    for (const codes of step.inputs) body.inputs(codes);
    if (step.hash !== undefined) body.hash(step.hash);
  }
  return encodePayload(header, body.finish());
}

/** gzip with the same API the product uses. */
export async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
