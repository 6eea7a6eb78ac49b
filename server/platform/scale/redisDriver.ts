import { randomUUID } from "node:crypto";
import type { IRoomCache, SortOptions } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import type { Redis } from "ioredis";
import { Query, requireRedisClient } from "../colyseus/driverClient.js";
import { copy, ListingMirror, type ListingChange } from "./listingMirror.js";

type Operations = Parameters<RedisDriver["update"]>[1];
export type RedisDriverOptions = Exclude<ConstructorParameters<typeof RedisDriver>[0], undefined>;
type Conditions = Partial<IRoomCache>;

/** The hash Colyseus' RedisDriver keeps listings in (roomId → JSON). */
const LISTING_KEY = "roomcaches";
/** Every listing write is also published here: `[origin, "set", roomId, json]` or `[origin, "del", roomId]`. */
export const LISTING_CHANGES_CHANNEL = "roomcaches:changes";

export interface ListingDriverOptions {
  /**
   * Something failed off the request path: a seat-count write (not awaited; see below), a full
   * re-read of the listing (the copy stays as it was until the next one), or a change message
   * that could not be read (skipped), a removal (retried by `retryRemovals`).
   */
  onError(what: "write" | "resync" | "change" | "removal", err: unknown): void;
  /** Full re-read period, a safety net for missed change messages. */
  resyncEveryMs: number;
}

/**
 * Colyseus' Redis driver with the listing read from memory and two shortcuts on the join path.
 *
 * Listing in memory: Colyseus' driver fetches and parses every listing (HGETALL) on each quick play
 * and room-list query, one Redis round trip per join that waits behind the loaded event loops of
 * this process and of redis-server. Here each process keeps a copy (ListingMirror): every write
 * goes to the hash and is published in one MULTI, every process applies what others publish, and
 * the copy is rebuilt from the hash at boot, when the change subscription reconnects, and every
 * `resyncEveryMs`. A copy can lag a remote change by one pub/sub delivery, the same window in which
 * an HGETALL can miss a concurrent write: a seat is still reserved by the room's own process, and
 * Colyseus retries quick play on a full room. Lookups by room id (join by id or code, reconnect,
 * the join-or-create lock) still read Redis. Processes must run this driver to see each other's
 * changes at once; a process that only writes the hash is picked up at the next full re-read.
 *
 * A query for one room id reads that one listing (HGET): every lobby runs one on each join and
 * leave anywhere in the cluster.
 *
 * Seat-count updates (a join's or leave's `$inc: { clients }`, with `$set: { locked }` when the
 * room fills or frees up) do not wait for Redis' reply: Colyseus awaits that write inside every
 * seat reservation. The listing object is updated in memory before the
 * write is queued, writes on the one connection keep their order, and the seat check itself is in
 * the room's process. A failed write is reported; listings are restored when Redis comes back
 * (restoreMissingRoomCaches). Every other write (an explicit lock, metadata, private) stays awaited.
 *
 * Redis faults: `boot` never rejects (Colyseus does not catch it; the subscription and the full
 * read are made when the connection is ready). A removal never rejects (Colyseus disposes a room
 * after it, or does not await it): a failed one is kept and retried by `retryRemovals` when Redis
 * is back. A query for one room id that Redis does not answer is answered from the copy (the
 * lobby runs it from an event listener, uncaught).
 */
export class ListingRedisDriver extends RedisDriver {
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly mirror: ListingMirror;
  /** Marks this process's own change messages, which it has applied already. */
  private readonly origin = randomUUID();
  private resyncTimer: ReturnType<typeof setInterval> | undefined;
  private readonly remoteChangeListeners = new Set<(change: ListingChange) => void>();
  /** Listings whose removal failed, removed again when Redis is back. */
  private readonly pendingRemovals = new Set<string>();

  constructor(
    redisOptions: RedisDriverOptions,
    private readonly options: ListingDriverOptions,
  ) {
    super(redisOptions);
    // RedisDriver's own connection (its ioredis copy: it only accepts a client made by that copy).
    this.client = requireRedisClient(this);
    this.subscriber = this.client.duplicate();
    this.mirror = new ListingMirror((roomId, err) => options.onError("resync", new Error(`unreadable listing ${roomId}`, { cause: err })));
  }

  /** The driver's Redis connections, for connection-state logging. */
  get connections(): Redis[] {
    return [this.client, this.subscriber];
  }

  /**
   * Called by Colyseus' matchmaker at setup: subscribe to changes, then read the whole listing.
   * Never rejects: without Redis, the same happens when the subscriber connection is ready.
   */
  async boot(): Promise<void> {
    this.subscriber.on("message", (channel: string, message: string) => {
      if (channel === LISTING_CHANGES_CHANNEL) this.receive(message);
    });
    // After a reconnection (changes may have been missed): subscribe (ordered after ioredis'
    // own resubscription on that connection), then read the whole listing again.
    const subscribeAndRead = () => this.subscriber.subscribe(LISTING_CHANGES_CHANNEL).then(() => this.resync());
    this.subscriber.on("ready", () => {
      subscribeAndRead().catch((err: unknown) => this.options.onError("resync", err));
    });
    await subscribeAndRead().catch((err: unknown) => this.options.onError("resync", err));
    this.resyncTimer = setInterval(() => {
      // While the subscription is down the 'ready' handler will resync; a read now could miss changes.
      if (this.subscriber.status !== "ready") return;
      this.resync().catch((err: unknown) => this.options.onError("resync", err));
    }, this.options.resyncEveryMs);
    this.resyncTimer.unref();
  }

  /** Calls `listener` after each change published by another process has been applied here. */
  onRemoteChange(listener: (change: ListingChange) => void): () => void {
    this.remoteChangeListeners.add(listener);
    return () => this.remoteChangeListeners.delete(listener);
  }

  /** Rebuilds the in-memory copy from the hash. */
  resync(): Promise<void> {
    return this.mirror.resync(() => this.client.hgetall(LISTING_KEY));
  }

  override async query(conditions: Conditions, sortOptions?: SortOptions): Promise<IRoomCache[]> {
    const keys = Object.keys(conditions);
    if (keys.length === 1 && typeof conditions.roomId === "string") {
      const roomId = conditions.roomId;
      const room = await this.findOne({ roomId }).catch((err: unknown) => {
        if (!this.mirror.ready) throw err;
        this.options.onError("resync", err);
        return this.mirror.all().find((r) => r.roomId === roomId);
      });
      return room ? [copy(room)] : [];
    }
    if (!this.mirror.ready) return super.query(conditions, sortOptions);
    const query = new Query<IRoomCache>(Promise.resolve(this.mirror.all()), conditions);
    if (sortOptions) query.sort(sortOptions);
    return (await query.all()).map(copy);
  }

  override async findOne(conditions: Conditions, sortOptions?: SortOptions): Promise<IRoomCache> {
    if (conditions.roomId !== undefined || !this.mirror.ready) return super.findOne(conditions, sortOptions);
    const query = new Query<IRoomCache>(Promise.resolve(this.mirror.all()), conditions);
    if (sortOptions) query.sort(sortOptions);
    const [room] = await query.all();
    // Colyseus' drivers resolve `undefined` when nothing matches (the interface type omits it).
    return (room && copy(room)) as IRoomCache;
  }

  override update(room: IRoomCache, operations: Operations): Promise<boolean> {
    // As RedisDriver.update: apply the operations to the listing object, then store it whole.
    for (const [field, value] of Object.entries(operations.$set ?? {})) Reflect.set(room, field, value);
    for (const [field, value] of Object.entries(operations.$inc ?? {})) Reflect.set(room, field, (Reflect.get(room, field) as number) + (value as number));
    const written = this.store(room);
    if (operations.$inc?.clients === undefined) return written.then(() => true);
    written.catch((err: unknown) => this.options.onError("write", err));
    return Promise.resolve(true);
  }

  override async persist(room: IRoomCache): Promise<boolean> {
    if (!room.roomId) return false;
    await this.store(room);
    return true;
  }

  /** Never rejects; a failed removal is kept for `retryRemovals`. */
  override async remove(roomId: string): Promise<boolean> {
    try {
      const removed = (await this.removeAll([roomId])) > 0;
      this.pendingRemovals.delete(roomId);
      return removed;
    } catch (err) {
      this.pendingRemovals.add(roomId);
      this.options.onError("removal", err);
      return false;
    }
  }

  /** Removes again the listings whose removal failed (after a Redis outage). */
  async retryRemovals(): Promise<void> {
    const ids = [...this.pendingRemovals];
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      await this.removeAll(batch);
      for (const id of batch) this.pendingRemovals.delete(id);
    }
  }

  /** Removes a (dead) process's listings: those in the hash, and any the in-memory copy still has. */
  override async cleanup(processId: string): Promise<void> {
    const ids = new Set((await super.query({ processId })).map((room) => room.roomId));
    for (const room of this.mirror.all()) if (room.processId === processId) ids.add(room.roomId);
    const stale = [...ids];
    for (let i = 0; i < stale.length; i += 500) await this.removeAll(stale.slice(i, i + 500));
  }

  override async shutdown(): Promise<void> {
    clearInterval(this.resyncTimer);
    this.subscriber.disconnect();
    await super.shutdown();
  }

  private store(room: IRoomCache): Promise<void> {
    const raw = JSON.stringify(room);
    return this.write([{ op: "set", roomId: room.roomId, raw }], (multi) => multi.hset(LISTING_KEY, room.roomId, raw));
  }

  private async removeAll(roomIds: string[]): Promise<number> {
    let removed = 0;
    await this.write(
      roomIds.map((roomId) => ({ op: "del", roomId })),
      (multi) => multi.hdel(LISTING_KEY, ...roomIds),
      (result) => (removed = Number(result)),
    );
    return removed;
  }

  /** Applies `changes` to the copy, then writes the hash and publishes them in one MULTI. */
  private async write(
    changes: ListingChange[],
    command: (multi: ReturnType<Redis["multi"]>) => unknown,
    onResult?: (result: unknown) => void,
  ): Promise<void> {
    for (const change of changes) this.mirror.apply(change);
    const multi = this.client.multi();
    command(multi);
    for (const change of changes) multi.publish(LISTING_CHANGES_CHANNEL, JSON.stringify(encode(this.origin, change)));
    const results = await multi.exec();
    const [first] = results ?? [];
    if (!first) throw new Error("room listing write was discarded");
    if (first[0]) throw first[0];
    onResult?.(first[1]);
  }

  private receive(message: string): void {
    try {
      const change = decode(JSON.parse(message));
      if (!change) throw new Error(`unreadable listing change: ${message.slice(0, 200)}`);
      if (change.origin === this.origin) return;
      this.mirror.apply(change.change);
      for (const listener of this.remoteChangeListeners) listener(change.change);
    } catch (err) {
      this.options.onError("change", err);
    }
  }
}

function encode(origin: string, change: ListingChange): unknown[] {
  return change.op === "set" ? [origin, "set", change.roomId, change.raw] : [origin, "del", change.roomId];
}

function decode(value: unknown): { origin: string; change: ListingChange } | undefined {
  if (!Array.isArray(value) || typeof value[0] !== "string" || typeof value[2] !== "string") return undefined;
  const [origin, op, roomId, raw] = value as [string, unknown, string, unknown];
  if (op === "set" && typeof raw === "string") return { origin, change: { op, roomId, raw } };
  if (op === "del") return { origin, change: { op, roomId } };
  return undefined;
}
