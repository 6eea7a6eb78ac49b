import { WebSocketTransport } from "@colyseus/ws-transport";

/** Each interval is cut into this many slices; one slice of the clients is pinged per slice. */
const SLICES = 30;
const OPEN = 1;

interface PingTarget {
  readyState: number;
  /** Set to 0 by Colyseus on connection and on every pong. */
  pingCount?: number;
  ping(): void;
  terminate(): void;
}

/**
 * Colyseus' WebSocket transport with its keep-alive spread over the interval. Colyseus pings every
 * client in one loop each interval (3 s); with hundreds of clients that burst of pings, and then of
 * pongs, holds every room's tick and patch back (measurements: docs/decisions/0008). Same rule as Colyseus: each client is pinged once
 * per interval, and a client that missed `pingMaxRetries` pongs in a row is terminated.
 */
export class StaggeredPingTransport extends WebSocketTransport {
  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    let batch: PingTarget[] = [];
    let slice = 0;
    // Stored where Colyseus keeps its own timer, so its server "close" handler clears this one.
    this.pingInterval = setInterval(() => {
      if (slice === 0) batch = [...this.wss.clients] as unknown as PingTarget[];
      const size = Math.ceil(batch.length / SLICES);
      for (let i = slice * size; i < Math.min(batch.length, (slice + 1) * size); i++) {
        const client = batch[i]!;
        if (client.readyState !== OPEN) continue;
        if ((client.pingCount ?? 0) >= pingMaxRetries) {
          client.terminate();
          continue;
        }
        client.pingCount = (client.pingCount ?? 0) + 1;
        client.ping();
      }
      slice = (slice + 1) % SLICES;
    }, pingInterval / SLICES);
  }
}
