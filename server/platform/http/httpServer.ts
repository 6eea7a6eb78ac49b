import { createServer, type Server } from "node:http";
import type { HttpLimits } from "../../config.js";

/**
 * The HTTP server under the game (matchmaking, health, the client, WebSocket upgrades) with
 * timeouts a real client never reaches: a connection that has not sent its headers, or its whole
 * request, in time is answered 408 and closed. Node checks them on an interval (30 s by default),
 * so the interval follows the headers timeout.
 */
export function createHttpServer(limits: Readonly<HttpLimits>): Server {
  return createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.ceil(limits.headersTimeoutMs / 4)),
  });
}
