import type { Room } from "@colyseus/core";

/** Colyseus' per-client input decoder: decodes one input frame body into the client's input instance. */
export interface InputFrameDecoder {
  decode(bytes: Uint8Array): unknown;
}

/**
 * Builds a client's decoder from Colyseus' generic one and the schema instance it decodes into;
 * returns the object Colyseus then reads and clones inputs from, and the decoder that fills it.
 */
export type InputDecoderFactory = (generic: InputFrameDecoder, genericTarget: never) => { input: object; decoder: InputFrameDecoder };

/**
 * Gives each client of `room` the decoder `factory` builds in place of Colyseus' generic one (the
 * framework has no option for it): `RoomInput.allocate(client)` creates `client._input` and
 * `client._inputDecoder`; both are replaced right after. Returns false, and changes nothing, if
 * those internals are not there (the generic decoder then keeps working).
 */
export function replaceInputDecoder(room: Room, factory: InputDecoderFactory): boolean {
  const controller = (room as unknown as { _inputController?: { allocate?: (client: unknown) => void } })._inputController;
  const allocate = controller?.allocate;
  if (!controller || typeof allocate !== "function") return false;
  controller.allocate = function (this: unknown, client: unknown) {
    allocate.call(this, client);
    const c = client as { _input?: object; _inputDecoder?: InputFrameDecoder };
    const schemaInput = c._input;
    const generic = c._inputDecoder;
    if (!schemaInput || !generic || typeof generic.decode !== "function") return;
    const { input, decoder } = factory(generic, schemaInput as never);
    c._input = input;
    c._inputDecoder = decoder;
  };
  return true;
}
