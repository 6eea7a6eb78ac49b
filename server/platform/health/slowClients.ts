import type { Client, Room } from "@colyseus/core";
import { socketOf } from "../colyseus/clientSocket.js";

/** How often each room looks at its clients' unsent bytes. */
const CHECK_INTERVAL_MS = 500;

/**
 * Drops clients that stopped reading. A WebSocket whose peer does not read keeps every patch and
 * message queued in server memory; once a client has more than `maxBufferedBytes` unsent, its
 * socket is terminated (the SDK sees close 1006 and may reconnect within the grace period).
 */
export function dropSlowClients(room: Room, maxBufferedBytes: number, onDropped: (client: Client, bufferedBytes: number) => void): void {
  room.clock.setInterval(() => {
    for (const client of room.clients) {
      const socket = socketOf(client);
      if (!socket || socket.bufferedAmount <= maxBufferedBytes) continue;
      onDropped(client, socket.bufferedAmount);
      socket.terminate();
    }
  }, CHECK_INTERVAL_MS);
}
