import type { Room } from "@colyseus/sdk";
import {
  CHAT_HISTORY_SIZE,
  CLIENT_MESSAGE,
  SERVER_MESSAGE,
  checkChatText,
  type ChatAccepted,
  type ChatMessage,
  type ProtocolError,
} from "../../shared/protocol.js";

export type ChatStatus = "pending" | "delivered" | "failed";

/** One line of the chat as the UI shows it. `key` is local and stable; `id` is the server's. */
export interface ChatEntry {
  readonly key: number;
  id: number | undefined;
  readonly from: string;
  readonly name: string;
  readonly text: string;
  readonly at: number;
  readonly mine: boolean;
  status: ChatStatus;
  /** Why a message of ours was not delivered. */
  error?: string;
}

export type ChatEvent = { kind: "added"; entry: ChatEntry } | { kind: "updated"; entry: ChatEntry } | { kind: "removed"; entry: ChatEntry };

/** A message that was never sent because it failed the shared text rules. */
export type SendResult = { ok: true; entry: ChatEntry } | { ok: false; error: ProtocolError };

/** Entries kept on screen; older ones are dropped. */
const MAX_ENTRIES = CHAT_HISTORY_SIZE * 2;

/**
 * The room's chat: history on join, live messages, and our own messages with acknowledgement.
 * Our message is shown at once as pending; the `chat` broadcast (which may arrive before the
 * request's reply) or the reply itself marks it delivered, matched by server id so nothing is
 * shown twice; a refusal marks it failed with the server's reason.
 */
export class ChatChannel {
  private readonly entries: ChatEntry[] = [];
  private readonly byId = new Map<number, ChatEntry>();
  private readonly listeners = new Set<(event: ChatEvent) => void>();
  private nextKey = 1;

  constructor(
    private readonly room: Room,
    private readonly selfId: () => string,
    private readonly myName: () => string,
  ) {
    room.onMessage(SERVER_MESSAGE.CHAT_HISTORY, (list: ChatMessage[]) => {
      if (Array.isArray(list)) for (const m of list) this.receive(m);
    });
    room.onMessage(SERVER_MESSAGE.CHAT, (m: ChatMessage) => this.receive(m));
  }

  /** Every entry, oldest first. */
  list(): readonly ChatEntry[] {
    return this.entries;
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
    const entry = this.add({ id: undefined, from: this.selfId(), name: this.myName(), text: check.text, at: Date.now(), mine: true, status: "pending" });
    this.room.request(CLIENT_MESSAGE.CHAT, { text: check.text }).then(
      (ack: ChatAccepted) => this.acknowledge(entry, ack),
      (err: unknown) => this.refused(entry, err),
    );
    return { ok: true, entry };
  }

  private receive(m: ChatMessage): void {
    if (typeof m?.id !== "number" || this.byId.has(m.id)) return;
    if (m.from === this.selfId()) {
      // Ours, broadcast before (or without) the reply: settle the oldest pending one with this text.
      const pending = this.entries.find((e) => e.mine && e.status === "pending" && e.id === undefined && e.text === m.text);
      if (pending) return this.deliver(pending, m.id);
    }
    this.add({ id: m.id, from: m.from, name: m.name, text: m.text, at: m.at, mine: m.from === this.selfId(), status: "delivered" });
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
    entry.error = typeof reason?.message === "string" ? reason.message : "Not delivered: the connection was lost.";
    this.emit({ kind: "updated", entry });
  }

  private deliver(entry: ChatEntry, id: number): void {
    entry.id = id;
    entry.status = "delivered";
    entry.error = undefined;
    this.byId.set(id, entry);
    this.emit({ kind: "updated", entry });
  }

  private add(fields: Omit<ChatEntry, "key">): ChatEntry {
    const entry: ChatEntry = { key: this.nextKey++, ...fields };
    this.entries.push(entry);
    if (entry.id !== undefined) this.byId.set(entry.id, entry);
    this.emit({ kind: "added", entry });
    while (this.entries.length > MAX_ENTRIES) {
      const oldest = this.entries[0];
      if (oldest) this.remove(oldest);
    }
    return entry;
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
