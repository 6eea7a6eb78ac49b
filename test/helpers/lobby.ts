import { Client, type Room } from "@colyseus/sdk";
import { ROOM, SERVER_MESSAGE, type ChatMessage } from "../../shared/protocol.js";

export interface ListedRoom {
  roomId: string;
  clients: number;
  maxClients: number;
  metadata?: unknown;
  processId?: string;
  publicAddress?: string;
}

/** A client of the LobbyRoom that keeps the live list of arena rooms. */
export class LobbyWatcher {
  readonly rooms = new Map<string, ListedRoom>();
  readonly globalChats: ChatMessage[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(readonly room: Room) {
    room.onMessage("rooms", (list: ListedRoom[]) => {
      this.rooms.clear();
      for (const r of list) this.rooms.set(r.roomId, r);
      this.notify();
    });
    room.onMessage("+", ([roomId, r]: [string, ListedRoom]) => {
      this.rooms.set(roomId, r);
      this.notify();
    });
    room.onMessage(SERVER_MESSAGE.GLOBAL_CHAT, (m: ChatMessage) => {
      this.globalChats.push(m);
      this.notify();
    });
    room.onMessage(SERVER_MESSAGE.GLOBAL_CHAT_HISTORY, () => undefined);
    room.onMessage("-", (roomId: string) => {
      this.rooms.delete(roomId);
      this.notify();
    });
  }

  /** Joins the lobby, watching the rooms of one room type (the arena unless told). */
  static async join(url: string, name = "Watcher", roomName: string = ROOM.ARENA): Promise<LobbyWatcher> {
    const room = await new Client(url).joinOrCreate(ROOM.LOBBY, { name, filter: { name: roomName } });
    const watcher = new LobbyWatcher(room);
    await watcher.until(() => watcher.received, 5000, "initial room list");
    return watcher;
  }

  private received = false;
  private notify() {
    this.received = true;
    for (const w of [...this.waiters]) w();
  }

  /** Resolves when `predicate` holds after a lobby update; rejects after `timeoutMs`. */
  until(predicate: () => boolean, timeoutMs = 5000, label = "lobby condition"): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}; rooms: ${JSON.stringify([...this.rooms.values()])}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  leave(): Promise<number> {
    return this.room.leave(true);
  }
}
