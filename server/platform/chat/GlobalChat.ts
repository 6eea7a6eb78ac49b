import type { Presence } from "@colyseus/core";
import { GLOBAL_CHAT_HISTORY_SIZE, type ChatMessage } from "../../../shared/protocol.js";
import type { AbuseLimits } from "../../config.js";
import { GlobalChatPolicy } from "./chatPolicy.js";
import { ReplyBudget } from "./replyBudget.js";
import { CHAT_CHANNEL, PresenceChatStore, type ChatStore } from "./chatStore.js";

export { StoreUnavailable } from "./chatStore.js";

/**
 * The global chat channel of this process: messages are numbered, stored and published by a
 * store (Redis when REDIS_URL is set, the in-memory presence otherwise), received on the
 * presence's pub/sub, and fanned out to every local listener (arena rooms and the lobby).
 * History outlives the process that received a message when the store is Redis.
 *
 * Every process sees every message on the pub/sub, so each keeps the recent history in memory too
 * (seeded from the store at start, reloaded when Redis comes back): a join sends it without a
 * store round trip. A message already seen (same id, sender and time) is not fanned out again.
 * Numbering, storing and publishing belong to the store (chatStore.ts: on Redis, one script that
 * runs only before a deadline, so an UNAVAILABLE answer is never followed by a delivery).
 */
export class GlobalChat {
  /** Shared by all rooms of the process, so one sender's rate is counted across them. */
  readonly policy: GlobalChatPolicy;
  /** Bytes of list replies each client may pull, shared by all rooms of the process (replyBudget.ts). */
  readonly replies: ReplyBudget;
  private readonly listeners = new Set<(message: ChatMessage) => void>();
  /** The last GLOBAL_CHAT_HISTORY_SIZE messages, ordered by id. */
  private recent: ChatMessage[] = [];
  private readonly onPublished = (message: ChatMessage) => {
    if (!this.remember(message)) return;
    for (const listener of this.listeners) listener(message);
  };
  private started = false;

  constructor(
    private readonly presence: Presence,
    limits: AbuseLimits,
    private readonly store: ChatStore = new PresenceChatStore(presence),
  ) {
    this.policy = new GlobalChatPolicy(limits);
    this.replies = new ReplyBudget(limits);
    // Every message on the channel, from any process, counts toward the channel's cap.
    this.listen((message) => this.policy.observe(message));
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.presence.subscribe(CHAT_CHANNEL, this.onPublished);
    for (const message of await this.readStore()) this.remember(message);
  }

  /**
   * Replaces the in-memory history with the store's (after a Redis outage: messages may have been
   * missed, and an emptied Redis numbers from 1 again). Keeps what it has if the store does not answer.
   */
  async reload(): Promise<void> {
    try {
      const stored = await this.readStore(true);
      this.recent = [];
      for (const message of stored) this.remember(message);
    } catch {
      // keep the current history
    }
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    void this.presence.unsubscribe(CHAT_CHANNEL, this.onPublished);
  }

  /** Registers a fan-out target; returns its removal. */
  listen(listener: (message: ChatMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Numbers, stores and publishes a vetted message. Resolves once it is published; rejects with
   * StoreUnavailable when it was not published and will not be.
   */
  post(entry: Omit<ChatMessage, "id">): Promise<ChatMessage> {
    return this.store.post(entry);
  }

  /** Kept messages with an id above `afterId`, oldest first. */
  since(afterId: number): ChatMessage[] {
    return this.recent.filter((m) => m.id > afterId);
  }

  /** The last GLOBAL_CHAT_HISTORY_SIZE messages, oldest first. */
  history(): ChatMessage[] {
    return this.recent.slice();
  }

  /**
   * Inserts by id (pub/sub delivers in order, so this is almost always an append). Returns false
   * for a message already kept. Another message with a kept id (an emptied Redis numbers from 1
   * again) replaces the kept one until the next reload.
   */
  private remember(message: ChatMessage): boolean {
    let i = this.recent.length;
    while (i > 0 && this.recent[i - 1]!.id > message.id) i--;
    const kept = i > 0 ? this.recent[i - 1]! : undefined;
    if (kept?.id === message.id) {
      if (kept.at === message.at && kept.from === message.from && kept.text === message.text) return false;
      this.recent[i - 1] = message;
      return true;
    }
    if (i === 0 && this.recent.length >= GLOBAL_CHAT_HISTORY_SIZE) return true; // older than everything kept: deliver, do not keep
    this.recent.splice(i, 0, message);
    if (this.recent.length > GLOBAL_CHAT_HISTORY_SIZE) this.recent.splice(0, this.recent.length - GLOBAL_CHAT_HISTORY_SIZE);
    return true;
  }

  /** The stored history, oldest first; empty (or, with `strict`, a rejection) if the store does not answer. */
  private async readStore(strict = false): Promise<ChatMessage[]> {
    try {
      return (await this.store.read())
        .sort((a, b) => a.id - b.id)
        .slice(-GLOBAL_CHAT_HISTORY_SIZE);
    } catch (err) {
      if (strict) throw err;
      return [];
    }
  }
}
