import type { Room, RoomAvailable } from "@colyseus/sdk";
import { ROOM } from "../../shared/protocol.js";
import { sdkClient } from "./matchmaking.js";

/** One public arena room as the lobby lists it. */
export interface RoomListing {
  roomId: string;
  clients: number;
  maxClients: number;
  full: boolean;
}

export type FeedStatus = "connecting" | "live" | "unreachable";

export interface FeedListener {
  rooms(list: RoomListing[]): void;
  status(status: FeedStatus): void;
}

const RETRY_MS = 3000;

/**
 * The live list of public arena rooms, from Colyseus' LobbyRoom: a full list on join, then
 * `+` (added or changed) and `-` (removed). Retries while the server is unreachable.
 */
export class LobbyFeed {
  private readonly rooms = new Map<string, RoomListing>();
  private room: Room | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly listener: FeedListener) {
    void this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    const room = this.room;
    this.room = undefined;
    if (room) {
      room.removeAllListeners();
      void room.leave(true).catch(() => undefined);
    }
  }

  private async connect(): Promise<void> {
    this.listener.status("connecting");
    let room: Room;
    try {
      room = await sdkClient().joinOrCreate(ROOM.LOBBY, { filter: { name: ROOM.ARENA } });
    } catch {
      return this.scheduleRetry();
    }
    if (this.closed) {
      void room.leave(true).catch(() => undefined);
      return;
    }
    this.room = room;
    room.onMessage("rooms", (list: RoomAvailable[]) => {
      this.rooms.clear();
      for (const r of Array.isArray(list) ? list : []) if (isPublic(r)) this.rooms.set(r.roomId, toListing(r));
      this.publish();
    });
    room.onMessage("+", ([roomId, r]: [string, RoomAvailable]) => {
      if (isPublic(r)) this.rooms.set(roomId, toListing({ ...r, roomId }));
      else this.rooms.delete(roomId);
      this.publish();
    });
    room.onMessage("-", (roomId: string) => {
      this.rooms.delete(roomId);
      this.publish();
    });
    room.onMessage("*", () => {}); // other lobby messages (e.g. global chat) are not shown here
    room.onDrop(() => this.listener.status("connecting"));
    room.onReconnect(() => this.listener.status("live"));
    room.onLeave(() => {
      if (this.closed) return;
      this.room = undefined;
      this.scheduleRetry();
    });
    this.listener.status("live");
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    this.listener.status("unreachable");
    this.retry = setTimeout(() => void this.connect(), RETRY_MS);
  }

  private publish(): void {
    const list = [...this.rooms.values()].sort((a, b) => b.clients - a.clients || a.roomId.localeCompare(b.roomId));
    this.listener.rooms(list);
  }
}

/** Private rooms are never listed by the server; this guards against a stale entry anyway. */
function isPublic(r: RoomAvailable<{ private?: boolean }> & { private?: boolean }): boolean {
  return r.private !== true && r.metadata?.private !== true;
}

function toListing(r: RoomAvailable & { locked?: boolean }): RoomListing {
  const clients = Number(r.clients) || 0;
  const maxClients = Number(r.maxClients) || 0;
  return { roomId: String(r.roomId), clients, maxClients, full: r.locked === true || (maxClients > 0 && clients >= maxClients) };
}
