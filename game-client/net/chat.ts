import type { Room } from "@colyseus/sdk";
import {
  CHAT_HISTORY_SIZE,
  CLIENT_MESSAGE,
  GLOBAL_CHAT_HISTORY_SIZE,
  SERVER_MESSAGE,
  checkChatText,
  type ChatAccepted,
  type ChatMessage,
  type ProtocolError,
} from "../../shared/protocol.js";
import { chatSince, type SinceRequest } from "./chatSince.js";
import { protocolRoom } from "./protocolRoom.js";

export type ChatStatus = "pending" | "delivered" | "failed";

/** One line of the chat as the UI shows it. `key` is local and stable; `id` is the server's. */
export interface ChatEntry {
  readonly key: number;
  id: number | undefined;
  readonly from: string;
  name: string;
  readonly text: string;
  readonly at: number;
  readonly mine: boolean;
  status: ChatStatus;
  /** Why a message of ours was not delivered. */
  error?: string;
  /** Failed because the connection dropped: the server may have taken it after all. */
  lost?: boolean;
}

export type ChatEvent =
  /** `before`: the entry now following the new one (undefined: it was appended). `fresh`: not history. */
  | { kind: "added"; entry: ChatEntry; before: ChatEntry | undefined; fresh: boolean }
  | { kind: "updated"; entry: ChatEntry }
  | { kind: "removed"; entry: ChatEntry };

/** A message that was never sent because it failed the shared text rules. */
export type SendResult = { ok: true; entry: ChatEntry } | { ok: false; error: ProtocolError };

/** Message names of one chat channel: the room's, or the global one. */
export interface ChannelSpec {
  readonly id: "room" | "global";
  /** Request that sends a message. */
  readonly send: typeof CLIENT_MESSAGE.CHAT | typeof CLIENT_MESSAGE.GLOBAL_CHAT;
  /** Broadcast of one accepted message. */
  readonly live: typeof SERVER_MESSAGE.CHAT | typeof SERVER_MESSAGE.GLOBAL_CHAT;
  /** The recent messages, sent on join. */
  readonly history: typeof SERVER_MESSAGE.CHAT_HISTORY | typeof SERVER_MESSAGE.GLOBAL_CHAT_HISTORY;
  /** Request for the messages after an id (catch-up after a reconnection). */
  readonly since: SinceRequest;
  /** Entries kept on screen; older ones are dropped. */
  readonly keep: number;
}

export const ROOM_CHANNEL: ChannelSpec = {
  id: "room",
  send: CLIENT_MESSAGE.CHAT,
  live: SERVER_MESSAGE.CHAT,
  history: SERVER_MESSAGE.CHAT_HISTORY,
  since: CLIENT_MESSAGE.CHAT_SINCE,
  keep: CHAT_HISTORY_SIZE * 2,
};

export const GLOBAL_CHANNEL: ChannelSpec = {
  id: "global",
  send: CLIENT_MESSAGE.GLOBAL_CHAT,
  live: SERVER_MESSAGE.GLOBAL_CHAT,
  history: SERVER_MESSAGE.GLOBAL_CHAT_HISTORY,
  since: CLIENT_MESSAGE.GLOBAL_CHAT_SINCE,
  keep: GLOBAL_CHAT_HISTORY_SIZE * 2,
};

const LOST = "Not delivered: the connection was lost.";

/**
 * One chat channel (room or global): history on join, live messages, catch-up after a
 * reconnection, and our own messages with acknowledgement.
 *
 * Our message is shown at once as pending; the broadcast (which may arrive before the request's
 * reply) or the reply itself marks it delivered, matched by server id so nothing is shown twice;
 * a refusal marks it failed with the server's reason. Messages are kept in server-id order,
 * whichever way they arrived (history, live, catch-up), and never shown twice.
 *
 * A channel can outlive the room it talks through: the global channel moves from the lobby room
 * to an arena room and back (`attach`); messages from any attached room are merged by id.
 */
export class ChatChannel {
  private readonly entries: ChatEntry[] = [];
  private readonly byId = new Map<number, ChatEntry>();
  /** Every server id seen (also of entries dropped off the top), so none comes back. */
  private readonly seen = new Set<number>();
  private readonly listeners = new Set<(event: ChatEvent) => void>();
  /** Our sessionIds in every room this channel was attached to: their messages are ours. */
  private readonly selves = new Set<string>();
  private room: Room | undefined;
  private myName: () => string = () => "";
  private gate: Promise<unknown> | undefined;
  private highestId = 0;
  private nextKey = 1;
  /** Messages recovered by catch-up requests after reconnections. */
  caughtUp = 0;

  constructor(readonly spec: ChannelSpec) {}

  /**
   * Talks through `room` from now on: its history and live messages are merged in, and after
   * each of its automatic reconnections the channel asks for what it missed. Call synchronously
   * after the join resolves, so the history sent on join is not missed.
   */
  attach(room: Room, myName: () => string): void {
    this.room = room;
    this.myName = myName;
    this.selves.add(room.sessionId);
    const wire = protocolRoom(room);
    wire.onMessage(this.spec.history, (list) => {
      if (Array.isArray(list)) for (const m of list) this.receive(m, false);
    });
    wire.onMessage(this.spec.live, (m) => this.receive(m, true));
    room.onReconnect(() => void this.catchUp(room));
  }

  /** Stops sending through `room` (if it is the current one). */
  detach(room: Room): void {
    if (this.room === room) this.room = undefined;
  }

  /** Sends wait for `until` to settle (e.g. the lobby rejoining under a new name). */
  hold(until: Promise<unknown>): void {
    const gate: Promise<unknown> = until
      .catch(() => undefined)
      .then(() => {
        if (this.gate === gate) this.gate = undefined;
      });
    this.gate = gate;
  }

  /** Every entry, oldest first. */
  list(): readonly ChatEntry[] {
    return this.entries;
  }

  /** The highest server id seen: where a catch-up starts. */
  get lastId(): number {
    return this.highestId;
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe(listener: (event: ChatEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a message. Text that breaks the shared rules is refused here and never sent. */
  send(raw: string): SendResult {
    const check = checkChatText(raw);
    if (!check.ok) return check;
    const from = this.room?.sessionId ?? "";
    const entry = this.add({ id: undefined, from, name: this.myName() || "You", text: check.text, at: Date.now(), mine: true, status: "pending" }, true);
    const go = () => {
      const room = this.room;
      if (!room) return this.refused(entry, { reason: { message: "Not sent: not connected to the server." } });
      protocolRoom(room).request(this.spec.send, { text: check.text }).then(
        (ack) => this.acknowledge(entry, ack),
        (err: unknown) => this.refused(entry, err),
      );
    };
    if (this.gate) void this.gate.then(go);
    else go();
    return { ok: true, entry };
  }

  /**
   * Asks for the messages after the highest id seen and merges them in (after a reconnection,
   * the messages sent while we were away). Failures are quiet: the live stream goes on.
   */
  async catchUp(room: Room | undefined = this.room): Promise<number> {
    if (!room) return 0;
    let added = 0;
    for (const m of await chatSince(room, this.spec.since, this.highestId)) if (this.receive(m, true)) added++;
    this.caughtUp += added;
    return added;
  }

  /** Merges one message from the server; true if it was new to us. */
  private receive(m: ChatMessage, fresh: boolean): boolean {
    if (typeof m?.id !== "number" || this.seen.has(m.id)) return false;
    const mine = this.selves.has(m.from);
    if (mine) {
      // Ours, broadcast before (or without) the reply, or sent just before a drop: settle the
      // oldest unsettled line with this text.
      const ours = this.entries.find((e) => e.mine && e.id === undefined && e.text === m.text && (e.status === "pending" || e.lost));
      if (ours) {
        ours.name = m.name;
        this.deliver(ours, m.id);
        return true;
      }
    }
    this.add({ id: m.id, from: m.from, name: m.name, text: m.text, at: m.at, mine, status: "delivered" }, fresh);
    return true;
  }

  private acknowledge(entry: ChatEntry, ack: ChatAccepted): void {
    if (entry.status === "delivered") return;
    const twin = this.byId.get(ack.id);
    if (twin && twin !== entry) this.remove(twin); // the broadcast got in first under another line
    this.deliver(entry, ack.id);
  }

  private refused(entry: ChatEntry, err: unknown): void {
    if (entry.status === "delivered") return;
    const reason = (err as { reason?: Partial<ProtocolError> } | undefined)?.reason;
    entry.status = "failed";
    entry.lost = typeof reason?.message !== "string";
    entry.error = entry.lost ? LOST : reason!.message;
    this.emit({ kind: "updated", entry });
  }

  private deliver(entry: ChatEntry, id: number): void {
    entry.id = id;
    entry.status = "delivered";
    entry.error = undefined;
    entry.lost = false;
    this.byId.set(id, entry);
    this.note(id);
    this.emit({ kind: "updated", entry });
  }

  private add(fields: Omit<ChatEntry, "key">, fresh: boolean): ChatEntry {
    const entry: ChatEntry = { key: this.nextKey++, ...fields };
    // In id order: before the first known message with a higher id (pending lines have none).
    const at = entry.id === undefined ? -1 : this.entries.findIndex((e) => e.id !== undefined && e.id > entry.id!);
    const before = at >= 0 ? this.entries[at] : undefined;
    if (at >= 0) this.entries.splice(at, 0, entry);
    else this.entries.push(entry);
    if (entry.id !== undefined) {
      this.byId.set(entry.id, entry);
      this.note(entry.id);
    }
    this.emit({ kind: "added", entry, before, fresh });
    while (this.entries.length > this.spec.keep) {
      const oldest = this.entries[0];
      if (oldest) this.remove(oldest);
    }
    return entry;
  }

  private note(id: number): void {
    this.seen.add(id);
    if (id > this.highestId) this.highestId = id;
  }

  private remove(entry: ChatEntry): void {
    const i = this.entries.indexOf(entry);
    if (i >= 0) this.entries.splice(i, 1);
    if (entry.id !== undefined && this.byId.get(entry.id) === entry) this.byId.delete(entry.id);
    this.emit({ kind: "removed", entry });
  }

  private emit(event: ChatEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

let globalChannel: ChatChannel | undefined;

/** The page's one global chat: it follows the player from the lobby into rooms and back. */
export function globalChat(): ChatChannel {
  globalChannel ??= new ChatChannel(GLOBAL_CHANNEL);
  return globalChannel;
}
