import type { Client } from "@colyseus/core";

/** The part of a client's WebSocket (the `ws` library's) the platform reads. */
export interface ClientSocket {
  /** Bytes queued but not yet sent. */
  bufferedAmount: number;
  /** Destroys the socket at once (the peer sees 1006). */
  terminate(): void;
}

/** The `ws` socket of a client of Colyseus' WebSocket transport (`client.ref`), or undefined. */
export function socketOf(client: Client): ClientSocket | undefined {
  const ref = (client as { ref?: Partial<ClientSocket> }).ref;
  return typeof ref?.bufferedAmount === "number" && typeof ref.terminate === "function" ? (ref as ClientSocket) : undefined;
}
