import type { Presence } from "@colyseus/core";
import { GLOBAL_CHAT_HISTORY_SIZE, type ChatMessage } from "../../../shared/protocol.js";

export const CHAT_CHANNEL = "orb:global-chat";
export const SEQUENCE_KEY = "orb:global-chat:seq";
/** A hash used as a ring buffer: field = id mod size. Presence has no list-range read. */
export const HISTORY_KEY = "orb:global-chat:history";

export class StoreUnavailable extends Error {
  override name = "StoreUnavailable";
}

/** Where global messages are numbered, kept and published. */
export interface ChatStore {
  /**
   * Numbers, stores and publishes `entry` on CHAT_CHANNEL. Resolves with the message when it was
   * published (exactly once); rejects with StoreUnavailable when it was not and never will be.
   */
  post(entry: Omit<ChatMessage, "id">): Promise<ChatMessage>;
  /** The stored messages, in no particular order; rejects if the store does not answer. */
  read(): Promise<ChatMessage[]>;
}

/** What the Redis store needs of a connection (ioredis; its command timeout bounds every call). */
export interface ScriptConnection {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  hgetall(key: string): Promise<Record<string, string>>;
}

/**
 * Numbering, storing and publishing in one step that Redis runs only before a deadline on its own
 * clock. KEYS: sequence, history. ARGV: deadline (ms since the epoch), the entry as JSON without
 * its id, history size, channel. Returns the new id, or 0 when the deadline has passed.
 */
const POST_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[1]) then return 0 end
local id = redis.call('INCR', KEYS[1])
local message = '{"id":' .. id .. ',' .. string.sub(ARGV[2], 2)
redis.call('HSET', KEYS[2], tostring(id % tonumber(ARGV[3])), message)
redis.call('PUBLISH', ARGV[4], message)
return id
`;

/**
 * The global chat store on Redis. A post either runs whole in Redis before its deadline or never
 * runs, so a refusal is final: a command that reaches Redis late (queued while Redis was frozen
 * or while the connection was down) finds the deadline passed and does nothing. The sender waits
 * for the reply until the command timeout, which is later than the deadline by `deadlineMs`; the
 * refusal therefore means "not published" unless the reply of a script that ran in time took more
 * than that margin to come back, or the clocks of Redis and this process differ by more.
 */
export class RedisChatStore implements ChatStore {
  constructor(
    private readonly redis: ScriptConnection,
    /** Time from sending a post to its deadline; less than the connection's command timeout. */
    private readonly deadlineMs: number,
    /** False while Redis is known not to answer: a post is refused at once instead of after the timeout. */
    private readonly ready: () => boolean = () => true,
  ) {}

  async post(entry: Omit<ChatMessage, "id">): Promise<ChatMessage> {
    if (!this.ready()) throw new StoreUnavailable("global chat store is not answering");
    const deadline = Date.now() + this.deadlineMs;
    let id: unknown;
    try {
      id = await this.redis.eval(POST_SCRIPT, 2, SEQUENCE_KEY, HISTORY_KEY, deadline, JSON.stringify(entry), GLOBAL_CHAT_HISTORY_SIZE, CHAT_CHANNEL);
    } catch (err) {
      throw new StoreUnavailable("global chat store did not answer", { cause: err });
    }
    if (typeof id !== "number" || id <= 0) throw new StoreUnavailable("global chat store refused a message past its deadline");
    return { id, ...entry };
  }

  async read(): Promise<ChatMessage[]> {
    return parse(await this.redis.hgetall(HISTORY_KEY));
  }
}

/** Longest wait for a presence store (memory in one process) before refusing. */
const PRESENCE_TIMEOUT_MS = 2000;

/** The store on Colyseus' presence: memory when the server runs as one process without Redis. */
export class PresenceChatStore implements ChatStore {
  constructor(private readonly presence: Presence) {}

  post(entry: Omit<ChatMessage, "id">): Promise<ChatMessage> {
    return withTimeout(
      (async () => {
        const id = await this.presence.incr(SEQUENCE_KEY);
        const message: ChatMessage = { id, ...entry };
        await this.presence.hset(HISTORY_KEY, String(id % GLOBAL_CHAT_HISTORY_SIZE), JSON.stringify(message));
        await this.presence.publish(CHAT_CHANNEL, message);
        return message;
      })(),
    );
  }

  async read(): Promise<ChatMessage[]> {
    return parse(await withTimeout(this.presence.hgetall(HISTORY_KEY)));
  }
}

function parse(all: Record<string, string> | null | undefined): ChatMessage[] {
  return Object.values(all ?? {}).map((raw) => JSON.parse(raw) as ChatMessage);
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StoreUnavailable("global chat store timed out")), PRESENCE_TIMEOUT_MS);
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
