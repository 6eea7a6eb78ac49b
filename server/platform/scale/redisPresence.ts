import { RedisPresence } from "@colyseus/redis-presence";
import { isCreateRoomRequest, isProcessChannel, STATS_KEY } from "../colyseus/channels.js";
import type { RedisFaults } from "./redisFaults.js";

export { STATS_KEY };

/** A create request read this long after this process's timers last ran (or within this long after such a gap) may be one its requester gave up on, ms (half Colyseus' 2 s IPC timeout). */
const STALE_CREATE_GAP_MS = 1000;

export type RedisPresenceOptions = Exclude<ConstructorParameters<typeof RedisPresence>[0], undefined>;

/**
 * Colyseus' Redis presence, made safe against Redis faults and against stale room creation requests
 * (colyseus#978, below).
 *
 * Redis faults: Colyseus calls several presence methods without awaiting or catching them (stats
 * writes from a timer, publishes and unsubscribes, the join-or-create lock inside a promise
 * executor), so a rejection there is unhandled and a pending join never settles. Those calls are
 * handled here, where they start: pub/sub calls and the stats hash never reject (the failure is
 * reported; subscriptions are made again when the connection is back, stats rewritten on
 * recovery; a request whose publish failed times out at its caller), and the lock counter answers
 * "no concurrent creator". Every other command rejects as usual, after the command timeout.
 */
export class SafeRedisPresence extends RedisPresence {
  constructor(
    options: RedisPresenceOptions,
    private readonly faults: RedisFaults,
  ) {
    super(options);
  }

  /** The connection this presence sends commands on (the global chat store runs its script on it too). */
  get commands(): RedisPresence["pub"] {
    return this.pub;
  }

  /**
   * Whether Colyseus keeps this process's stats in STATS_KEY (it writes them before it listens):
   * "missing" means Colyseus changed the key and stats failures would no longer be handled here;
   * "unknown" when Redis does not answer.
   */
  async statsKeyInUse(processId: string): Promise<"yes" | "missing" | "unknown"> {
    try {
      return (await this.pub.hget(STATS_KEY, processId)) === null ? "missing" : "yes";
    } catch {
      return "unknown";
    }
  }

  /** Every connection this presence opened, for readiness probes. */
  get connections(): Array<RedisPresence["pub"]> {
    return [this.pub, this.sub];
  }

  /**
   * colyseus#978: a process asked to create a room that does not answer within the IPC timeout is passed over (the
   * requester creates the room itself), but the request waits in this process's socket and would be carried out
   * when it runs again: a second room where one was meant. So a create request read while this process's timers
   * had not run for STALE_CREATE_GAP_MS, or within that long after such a gap, is dropped; the requester has
   * given up on it or will, and creates the room itself.
   */
  private lastTick = performance.now();
  private lastGapAt = -Infinity;
  /** Create requests dropped as possibly stale. */
  staleCreatesDropped = 0;
  private readonly gapTimer = setInterval(() => {
    const now = performance.now();
    if (now - this.lastTick >= STALE_CREATE_GAP_MS) this.lastGapAt = now;
    this.lastTick = now;
  }, 100).unref();
  private readonly guarded = new Map<(...args: any[]) => void, (...args: any[]) => void>();

  private possiblyStale(): boolean {
    const now = performance.now();
    return now - this.lastTick >= STALE_CREATE_GAP_MS || now - this.lastGapAt < STALE_CREATE_GAP_MS;
  }

  override shutdown(): void {
    clearInterval(this.gapTimer);
    super.shutdown();
  }

  /** Never rejects: the listener stays registered and the channel is subscribed again when the connection is back. */
  override async subscribe(topic: string, callback: (...args: any[]) => void): Promise<this> {
    if (isProcessChannel(topic)) {
      const original = callback;
      callback = (message: unknown, ...rest: unknown[]) => {
        if (isCreateRoomRequest(message) && this.possiblyStale()) {
          this.staleCreatesDropped++;
          const args = (message as [unknown, string, unknown[]])[2];
          this.faults.notice("stale_create_dropped", { roomName: args[0], roomId: args[3] }, "a room creation request read after a stall was dropped; its requester creates the room");
          return;
        }
        original(message, ...rest);
      };
      this.guarded.set(original, callback);
    }
    return this.faults.soft("subscribe", () => super.subscribe(topic, callback), this);
  }

  /** Never rejects: the listener is removed here; the channel is dropped from Redis with the connection at worst. */
  override async unsubscribe(topic: string, callback?: (...args: any[]) => void): Promise<this> {
    if (callback && this.guarded.has(callback)) {
      const wrapped = this.guarded.get(callback)!;
      this.guarded.delete(callback);
      callback = wrapped;
    }
    return this.faults.soft("unsubscribe", () => super.unsubscribe(topic, callback), this);
  }

  override async publish(topic: string, data: any): Promise<void> {
    return this.faults.soft("publish", () => super.publish(topic, data), undefined);
  }

  /** Process channels alive; none known when Redis does not answer (callers check readiness first). */
  override channels(pattern?: string): Promise<string[]> {
    return this.faults.soft("channels", () => super.channels(pattern), []);
  }

  /** The join-or-create lock counter: without Redis, "no concurrent creator" (the join then fails at its next Redis call). */
  override hincrbyex(key: string, field: string, value: number, expireInSeconds: number): Promise<number> {
    return this.faults.soft("lock counter", () => super.hincrbyex(key, field, value, expireInSeconds), Math.max(value, 0));
  }

  override hset(key: string, field: string, value: string): Promise<boolean> {
    if (key === STATS_KEY) return this.faults.soft("stats write", () => super.hset(key, field, value), false);
    return super.hset(key, field, value);
  }

  override hgetall(key: string): Promise<Record<string, string>> {
    if (key === STATS_KEY) return this.faults.soft("stats read", () => super.hgetall(key), {});
    return super.hgetall(key);
  }

  override hdel(key: string, field: string): Promise<boolean> {
    if (key === STATS_KEY) return this.faults.soft("stats removal", () => super.hdel(key, field), false);
    return super.hdel(key, field);
  }

  /** After a reconnection: the channels Colyseus subscribed to. */
  override resubscribeAll(): void {
    const topics = this.subscriptions.eventNames().filter((t): t is string => typeof t === "string");
    if (topics.length > 0) this.sub.subscribe(...topics).catch((err: unknown) => this.faults.report("resubscribe", err));
  }
}
