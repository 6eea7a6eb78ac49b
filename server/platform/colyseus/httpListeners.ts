import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Adds `listener` before the WebSocket transport's own "upgrade" listener, so it runs first on
 * every upgrade. Colyseus' WebSocketTransport registers exactly one in its constructor; any other
 * layout means Colyseus changed, and the server refuses to start.
 */
export function beforeTransportUpgrade(server: HttpServer, listener: (req: IncomingMessage) => void): void {
  const existing = server.listeners("upgrade").length;
  if (existing !== 1) throw new Error(`client address: expected the WebSocket transport's single "upgrade" listener, found ${existing}`);
  server.prependListener("upgrade", listener);
}

/**
 * Takes Colyseus' router out of `server` and returns it, for a listener that stands in front of it.
 * After `server.listen()` Colyseus has exactly one "request" listener (its router, which hands
 * other paths to Express); any other layout throws, and the server does not start.
 */
export function takeColyseusRouter(server: HttpServer): RequestListener {
  const listeners = server.listeners("request") as RequestListener[];
  if (listeners.length !== 1 || typeof (listeners[0] as { handle?: unknown }).handle === "function") {
    throw new Error(`matchmake gate: expected Colyseus' router as the single "request" listener, found ${listeners.length} listener(s)`);
  }
  server.removeAllListeners("request");
  return listeners[0]!;
}
