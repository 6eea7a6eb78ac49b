/**
 * A room spoken to through the shared protocol (shared/protocol.ts): a request takes its
 * message's payload type and resolves with its reply type, a server message arrives with its
 * payload type. Needs only `shared/`, never the server's room classes.
 */
import type { RequestOptions, Room } from "@colyseus/sdk";
import type { ClientMessages, ServerMessages } from "../../shared/protocol.js";

type Payload<M, K extends keyof M> = M[K] extends { request: infer P } ? P : never;
type Reply<M, K extends keyof M> = M[K] extends { reply: infer R } ? R : never;

/** Any joined room, whatever its state (the SDK's Room is invariant in it). */
export type AnyRoom = Room<any, any>;

export interface ProtocolRoom<M = ClientMessages> {
  /** Sends `type` and resolves with the server's reply; rejects with the refusal (`err.reason`: `{ code, message }`). */
  request<K extends keyof M & string>(type: K, payload: Payload<M, K>, options?: RequestOptions): Promise<Reply<M, K>>;
  /**
   * As `request`, with a payload of any shape: for tools that check how the server answers a
   * malformed one (the reply, when there is one, is still the protocol's).
   */
  requestUnchecked<K extends keyof M & string>(type: K, payload: unknown, options?: RequestOptions): Promise<Reply<M, K>>;
  /** Sends `type` without asking for a reply (a refusal then comes back as an `error` message). */
  send<K extends keyof M & string>(type: K, payload: Payload<M, K>): void;
  /** Calls `listener` with each server message `type`; returns the unsubscribe function. */
  onMessage<K extends keyof ServerMessages>(type: K, listener: (payload: ServerMessages[K]) => void): () => void;
}

/** The protocol's view of `room` (`M`: the client → server messages that room answers). */
export function protocolRoom<M = ClientMessages>(room: AnyRoom): ProtocolRoom<M> {
  return {
    request: (type, payload, options) => room.request(type, payload, options),
    requestUnchecked: (type, payload, options) => room.request(type, payload, options),
    send: (type, payload) => room.send(type, payload),
    onMessage: (type, listener) => room.onMessage(type, listener),
  };
}
