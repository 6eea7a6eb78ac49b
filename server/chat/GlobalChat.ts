import type { Presence } from "@colyseus/core";
import { GLOBAL_CHAT_HISTORY_SIZE, type ChatMessage } from "../../shared/protocol.js";
import type { AbuseLimits } from "../config.js";
import { GlobalChatPolicy } from "./chatPolicy.js";
import { ReplyBudget } from "./replyBudget.js";

const CHANNEL = "orb:global-chat";
const SEQUENCE_KEY = "orb:global-chat:seq";
/** A hash used as a ring buffer: field = id mod size. Presence has no list-range read. */
const HISTORY_KEY = "orb:global-chat:history";
/** Longest wait for the shared store before refusing with UNAVAILABLE. */
const STORE_TIMEOUT_MS = 2000;

export class StoreUnavailable extends Error {}

/**
 * The global chat channel of this process: messages are numbered and stored through the
 * Colyseus presence (Redis when REDIS_URL is set, memory otherwise), published on its pub/sub,
 * and fanned out to every local listener (arena rooms and the lobby). History outlives the process
 * that received a message when presence is Redis.
 *
 * Every process sees every message on the pub/sub, so each keeps the recent history in memory too
 * (seeded from the store at start, reloaded when Redis comes back): a join sends it without a
 * store round trip.
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
    this.remember(message);
    for (const listener of this.listeners) listener(message);
  };
  private started = false;

  constructor(
    private readonly presence: Presence,
    limits: AbuseLimits,
  ) {
    this.policy = new GlobalChatPolicy(limits);
    this.replies = new ReplyBudget(limits);
    // Every message on the channel, from any process, counts toward the channel's cap.
    this.listen((message) => this.policy.observe(message));
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.presence.subscribe(CHANNEL, this.onPublished);
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
    this.presence.unsubscribe(CHANNEL, this.onPublished);
  }

  /** Registers a fan-out target; returns its removal. */
  listen(listener: (message: ChatMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Numbers, stores and publishes a vetted message. Rejects with StoreUnavailable if the store does not answer. */
  async post(entry: Omit<ChatMessage, "id">): Promise<ChatMessage> {
    return withTimeout(
      (async () => {
        const id = await this.presence.incr(SEQUENCE_KEY);
        const message: ChatMessage = { id, ...entry };
        await this.presence.hset(HISTORY_KEY, String(id % GLOBAL_CHAT_HISTORY_SIZE), JSON.stringify(message));
        await this.presence.publish(CHANNEL, message);
        return message;
      })(),
    );
  }

  /** Kept messages with an id above `afterId`, oldest first. */
  since(afterId: number): ChatMessage[] {
    return this.recent.filter((m) => m.id > afterId);
  }

  /** The last GLOBAL_CHAT_HISTORY_SIZE messages, oldest first. */
  history(): ChatMessage[] {
    return this.recent.slice();
  }

  /** Inserts by id (pub/sub delivers in order, so this is almost always an append), ignoring repeats. */
  private remember(message: ChatMessage): void {
    let i = this.recent.length;
    while (i > 0 && this.recent[i - 1]!.id > message.id) i--;
    if (i > 0 && this.recent[i - 1]!.id === message.id) return;
    this.recent.splice(i, 0, message);
    if (this.recent.length > GLOBAL_CHAT_HISTORY_SIZE) this.recent.splice(0, this.recent.length - GLOBAL_CHAT_HISTORY_SIZE);
  }

  /** The stored history, oldest first; empty (or, with `strict`, a rejection) if the store does not answer. */
  private async readStore(strict = false): Promise<ChatMessage[]> {
    try {
      const all = await withTimeout(this.presence.hgetall(HISTORY_KEY));
      return Object.values(all ?? {})
        .map((raw) => JSON.parse(raw) as ChatMessage)
        .sort((a, b) => a.id - b.id)
        .slice(-GLOBAL_CHAT_HISTORY_SIZE);
    } catch (err) {
      if (strict) throw err;
      return [];
    }
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StoreUnavailable("global chat store timed out")), STORE_TIMEOUT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
