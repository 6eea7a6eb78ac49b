import { CloseCode, type Room, type RoomAvailable } from "@colyseus/sdk";
import { ROOM, cleanName, isValidName, type GameRoomMetadata } from "../../shared/protocol.js";
import { sdkClient } from "./matchmaking.js";
import { GAME_MODES, modeOfRoom, type GameMode } from "./modes.js";

/** One public game room as the lobby lists it. */
export interface RoomListing {
  roomId: string;
  /** Every client (players and spectators), as Colyseus counts them. */
  clients: number;
  /** Player seats. */
  maxPlayers: number;
  /** People playing, server bots in the other seats, clients watching. */
  humans: number;
  bots: number;
  spectators: number;
  /** No player seat for a human (the room can still be watched). */
  full: boolean;
  /** The game played in it. */
  mode: GameMode;
}

/** `restarting`: the server closed the lobby because it is shutting down; retrying until it is back. */
export type FeedStatus = "connecting" | "live" | "unreachable" | "restarting";

export interface FeedListener {
  rooms(list: RoomListing[]): void;
  status(status: FeedStatus): void;
  /** A lobby room was joined (first time, after a retry, or under a new name): the global chat talks through it. */
  joined?(room: Room, name: string): void;
  /** That lobby room is no longer ours. */
  left?(room: Room): void;
}

/** Retries after a failure: 1 s, then 2 s, then every 3 s until the server answers. */
const RETRY_MS = [1000, 2000, 3000];

/**
 * The lobby room: the live list of public arena rooms (Colyseus' LobbyRoom: a full list on join,
 * then `+` added or changed, `-` removed) and the global chat. Joined with the player's name, so
 * global messages sent from the lobby carry it; a new name rejoins. Retries while the server is
 * unreachable or restarting.
 */
export class LobbyFeed {
  private readonly rooms = new Map<string, RoomListing>();
  private room: Room | undefined;
  private joinedName = "";
  private wanted: string;
  private renaming: Promise<void> | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private restarting = false;
  private closed = false;

  /** `serverRestarting`: we come from a room the server closed on shutdown (close code 4001). */
  constructor(
    private readonly listener: FeedListener,
    name: string,
    serverRestarting = false,
  ) {
    this.wanted = lobbyName(name);
    this.restarting = serverRestarting;
    void this.connect();
  }

  /**
   * Makes sure the lobby knows us by `name` (rejoins under it if not); resolves when it does
   * (or when that is not possible right now). Cheap when nothing changed.
   */
  setName(name: string): Promise<void> {
    this.wanted = lobbyName(name);
    if (this.renaming) return this.renaming;
    if (!this.room || this.wanted === this.joinedName) return Promise.resolve();
    this.renaming = this.rejoin().finally(() => (this.renaming = undefined));
    return this.renaming;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    const room = this.room;
    this.room = undefined;
    if (room) this.drop(room);
  }

  private async connect(): Promise<void> {
    this.listener.status(this.restarting ? "restarting" : "connecting");
    let room: Room;
    const name = this.wanted;
    try {
      room = await this.join(name);
    } catch {
      return this.scheduleRetry();
    }
    if (this.closed) {
      void room.leave(true).catch(() => undefined);
      return;
    }
    this.adopt(room, name);
  }

  /** A new lobby room under the wanted name, then the old one is left: no gap in the listing. */
  private async rejoin(): Promise<void> {
    const name = this.wanted;
    let room: Room;
    try {
      room = await this.join(name);
    } catch {
      return; // keep the current room (and name); the next message or name change tries again
    }
    const old = this.room;
    if (this.closed || !old) {
      void room.leave(true).catch(() => undefined);
      return;
    }
    this.adopt(room, name);
    this.drop(old);
    if (this.wanted !== name) await this.rejoin();
  }

  private join(name: string): Promise<Room> {
    // No filter: the rooms of every game mode (anything else the lobby lists is dropped by toListing).
    return sdkClient().joinOrCreate(ROOM.LOBBY, { name });
  }

  private adopt(room: Room, name: string): void {
    this.room = room;
    this.joinedName = name;
    this.failures = 0;
    this.restarting = false;
    room.onMessage("rooms", (list: RoomAvailable[]) => {
      this.rooms.clear();
      for (const r of Array.isArray(list) ? list : []) {
        const listing = isPublic(r) ? toListing(r) : undefined;
        if (listing) this.rooms.set(r.roomId, listing);
      }
      this.publish();
    });
    room.onMessage("+", ([roomId, r]: [string, RoomAvailable]) => {
      const listing = isPublic(r) ? toListing({ ...r, roomId }) : undefined;
      if (listing) this.rooms.set(roomId, listing);
      else this.rooms.delete(roomId);
      this.publish();
    });
    room.onMessage("-", (roomId: string) => {
      this.rooms.delete(roomId);
      this.publish();
    });
    this.listener.joined?.(room, name); // synchronously: the global chat history is the next message
    room.onMessage("*", () => {}); // anything else the lobby says is not shown here
    room.onDrop(() => this.listener.status("connecting"));
    room.onReconnect(() => this.listener.status("live"));
    room.onLeave((code) => {
      this.listener.left?.(room);
      if (this.closed || this.room !== room) return;
      this.room = undefined;
      if (code === CloseCode.SERVER_SHUTDOWN) this.restarting = true;
      this.scheduleRetry();
    });
    this.listener.status("live");
  }

  private drop(room: Room): void {
    this.listener.left?.(room);
    room.removeAllListeners();
    void room.leave(true).catch(() => undefined);
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    this.listener.status(this.restarting ? "restarting" : "unreachable");
    const delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)]!;
    this.failures++;
    this.retry = setTimeout(() => void this.connect(), delay);
  }

  private publish(): void {
    const list = [...this.rooms.values()].sort((a, b) => b.humans - a.humans || b.clients - a.clients || a.roomId.localeCompare(b.roomId));
    this.listener.rooms(list);
  }
}

/** The name the lobby is joined with: the typed one, cleaned, or "" (the server says "Guest"). */
function lobbyName(raw: string): string {
  const name = cleanName(raw);
  return isValidName(name) ? name : "";
}

/** Private rooms are never listed by the server; this guards against a stale entry anyway. */
function isPublic(r: RoomAvailable<{ private?: boolean }> & { private?: boolean }): boolean {
  return r.private !== true && r.metadata?.private !== true;
}

/** The listing of a game room; undefined for a room that is no game mode's. */
function toListing(r: RoomAvailable & { locked?: boolean }): RoomListing | undefined {
  const mode = modeOfRoom(String(r.name));
  if (!mode) return undefined;
  const meta = (r.metadata ?? {}) as Partial<GameRoomMetadata>;
  const clients = Number(r.clients) || 0;
  const count = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback);
  const spectators = count(meta.spectators, 0);
  const humans = count(meta.humans, Math.max(0, clients - spectators));
  const maxPlayers = count(meta.maxPlayers, GAME_MODES[mode].maxPlayers);
  const full = r.locked === true || (typeof meta.seatOpen === "boolean" ? !meta.seatOpen : humans >= maxPlayers);
  return { roomId: String(r.roomId), clients, maxPlayers, humans, bots: count(meta.bots, 0), spectators, full, mode };
}
