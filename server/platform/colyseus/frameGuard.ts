import { CloseCode, Protocol, type Client, type Room } from "@colyseus/core";

/** Colyseus' frame layout: the low 5 bits of the first byte are the protocol code. */
const PROTOCOL_CODE_MASK = 0x1f;

/**
 * Refuses unreliable-input frames before Colyseus decodes them. WebSocket clients have no
 * unreliable channel (the SDK's `mode: "reliable"` is the one to use), and Colyseus 0.18's
 * unreliable-input decoder can spin forever on a malformed frame, freezing the whole process
 * (found by test/fuzz.test.ts). The sender is disconnected with 4002, like any undecodable frame.
 * Returns false, changing nothing, when `room._onMessage` is not there.
 */
export function refuseUnreliableInput(room: Room, onRefused: (client: Client) => void): boolean {
  const target = room as unknown as { _onMessage?: (client: Client, buffer: Uint8Array) => void };
  const decode = target._onMessage;
  if (typeof decode !== "function") return false;
  // Colyseus binds `this._onMessage` per client at join time, so an own property takes effect for every join.
  target._onMessage = function (this: Room, client: Client, buffer: Uint8Array) {
    if (buffer && buffer.length > 0 && (buffer[0]! & PROTOCOL_CODE_MASK) === Protocol.ROOM_INPUT_UNRELIABLE) {
      onRefused(client);
      client.leave(CloseCode.WITH_ERROR, "unreliable input is not supported on WebSocket; use mode: \"reliable\"");
      return;
    }
    return decode.call(this, client, buffer);
  };
  return true;
}
