import type { Client, Room } from "@colyseus/core";

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
      const socket = client.ref as unknown as { bufferedAmount?: number; terminate?: () => void };
      const buffered = socket?.bufferedAmount ?? 0;
      if (buffered <= maxBufferedBytes) continue;
      onDropped(client, buffered);
      socket.terminate?.();
    }
  }, CHECK_INTERVAL_MS);
}
