/**
 * Replays in Redis, shared by every process on it (REDIS_URL or Sentinel, the connection options
 * of the rest of the backplane: server/platform/scale/redisOptions.ts). Three keys under one
 * prefix: a sorted set of ids by start time (ms), a hash id → ReplayMeta JSON, a hash id → file and
 * the files' total bytes.
 * A put stores the three entries and trims the oldest past keepCount or keepBytes in one Lua
 * script, so two processes putting and trimming at once never leave an entry half removed or the
 * totals over the limits. Every command has the connection's command timeout; a failure is
 * logged (the first of an outage) and answered with "nothing" ("unavailable" where the caller can
 * tell), never thrown.
 */
import { Redis, type RedisOptions } from "ioredis";
import { REPLAY_ID_PATTERN, type ReplayMeta } from "../../../shared/replay/meta.js";
import type { RedisTimeouts } from "../../config.js";
import type { Logger } from "../../logger.js";
import { redisTargetOptions, type RedisTarget } from "../scale/redisOptions.js";
import { refusal } from "./diskStore.js";
import { isReplayMeta, type ReplayLimits, type ReplayLookup, type ServedReplayStore } from "./served.js";

export const REPLAY_KEY_PREFIX = "orb:replays:";
export const REPLAY_KEYS = {
  /** Sorted set: member id, score the start time (ms since the epoch). */
  index: `${REPLAY_KEY_PREFIX}index`,
  /** Hash: id → ReplayMeta as JSON. */
  meta: `${REPLAY_KEY_PREFIX}meta`,
  /** Hash: id → the replay file (bytes). */
  files: `${REPLAY_KEY_PREFIX}files`,
  /** String: the files' bytes in all (kept by the put script). */
  bytes: `${REPLAY_KEY_PREFIX}bytes`,
} as const;

/**
 * KEYS: index, meta, files, bytes. ARGV: id, start time (ms), meta JSON, file, keepCount, keepBytes.
 * Stores the replay, keeps the running total of the files' bytes in `bytes` (summed once if it is
 * missing, e.g. after an upgrade), then removes the oldest while more than keepCount replays or
 * keepBytes bytes are kept: O(1) per put and per removal, whatever REPLAY_KEEP_COUNT is, so a put
 * never holds the shared Redis for long. Returns the number removed.
 */
const PUT_SCRIPT = `
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 and redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('DECRBY', KEYS[4], redis.call('HSTRLEN', KEYS[3], ARGV[1]))
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
if redis.call('EXISTS', KEYS[4]) == 0 then
  local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
  local sum = 0
  for i = 1, #ids do sum = sum + redis.call('HSTRLEN', KEYS[3], ids[i]) end
  redis.call('SET', KEYS[4], sum)
else
  redis.call('INCRBY', KEYS[4], string.len(ARGV[4]))
end
local keepCount = tonumber(ARGV[5])
local keepBytes = tonumber(ARGV[6])
local count = redis.call('ZCARD', KEYS[1])
local bytes = tonumber(redis.call('GET', KEYS[4]))
local removed = 0
while count > keepCount or bytes > keepBytes do
  local old = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if not old then break end
  bytes = bytes - redis.call('HSTRLEN', KEYS[3], old)
  redis.call('ZREM', KEYS[1], old)
  redis.call('HDEL', KEYS[2], old)
  redis.call('HDEL', KEYS[3], old)
  count = count - 1
  removed = removed + 1
end
redis.call('SET', KEYS[4], math.max(0, bytes))
return removed
`;

/** KEYS: index, meta. ARGV: limit. The newest `limit` metas (JSON), newest first, in one consistent read. */
const LIST_SCRIPT = `
local ids = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #ids == 0 then return {} end
return redis.call('HMGET', KEYS[2], unpack(ids))
`;

/** What the store needs of a connection (ioredis). */
export interface ReplayConnection {
  eval(script: string, numKeys: number, ...args: Array<string | number | Buffer>): Promise<unknown>;
  hgetBuffer(key: string, field: string): Promise<Buffer | null>;
  disconnect(): void;
  on(event: "error", listener: (err: Error) => void): unknown;
}

export class RedisReplayStore implements ServedReplayStore {
  /** The first failure of an outage is logged; a success re-arms it. */
  private failing = false;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly redis: ReplayConnection,
    private readonly limits: ReplayLimits,
    private readonly logger: Logger,
    /** The store opened the connection and closes it. */
    private readonly ownsConnection = false,
  ) {}

  /** A store on a connection of its own to `target`, with the backplane's options (timeouts, reconnection, Sentinel). */
  static connect(target: RedisTarget, timeouts: RedisTimeouts, limits: ReplayLimits, logger: Logger): RedisReplayStore {
    const connection = new Redis(redisTargetOptions(target, timeouts) as RedisOptions);
    let reported = false;
    connection.on("error", (err: Error) => {
      if (reported) return;
      reported = true;
      logger.warn({ event: "replay_redis_error", err: err.message }, "replay store: redis connection error; retrying");
    });
    connection.on("ready", () => (reported = false));
    return new RedisReplayStore(connection, limits, logger, true);
  }

  put(meta: ReplayMeta, file: Uint8Array): Promise<void> {
    if (this.closed) return Promise.resolve();
    const refused = refusal(meta, file, this.limits.maxFileBytes);
    if (refused) {
      this.logger.warn({ event: "replay_not_stored", id: meta.id, bytes: file.byteLength, reason: refused }, "replay not stored");
      return Promise.resolve();
    }
    const entry: ReplayMeta = { ...meta, bytes: file.byteLength };
    return this.track(async () => {
      const removed = await this.redis.eval(
        PUT_SCRIPT,
        4,
        REPLAY_KEYS.index,
        REPLAY_KEYS.meta,
        REPLAY_KEYS.files,
        REPLAY_KEYS.bytes,
        entry.id,
        Date.parse(entry.startedAt),
        JSON.stringify(entry),
        Buffer.from(file.buffer, file.byteOffset, file.byteLength),
        this.limits.keepCount,
        this.limits.keepBytes,
      );
      if (typeof removed === "number" && removed > 0) this.logger.debug({ event: "replays_trimmed", removed }, "oldest replays removed");
    }, "put", undefined);
  }

  async list(limit: number): Promise<ReplayMeta[]> {
    const recent = await this.recent(limit);
    return recent === "unavailable" ? [] : recent;
  }

  recent(limit: number): Promise<ReplayMeta[] | "unavailable"> {
    if (this.closed) return Promise.resolve("unavailable");
    if (limit < 1) return Promise.resolve([]);
    return this.track<ReplayMeta[] | "unavailable">(
      async () => {
        const raw = await this.redis.eval(LIST_SCRIPT, 2, REPLAY_KEYS.index, REPLAY_KEYS.meta, Math.floor(limit));
        const metas: ReplayMeta[] = [];
        for (const json of Array.isArray(raw) ? raw : []) {
          if (typeof json !== "string") continue; // trimmed between the two reads of another client, or lost
          try {
            const meta: unknown = JSON.parse(json);
            if (isReplayMeta(meta)) metas.push(meta);
          } catch {
            // an entry written by something else: not listed
          }
        }
        return metas;
      },
      "list",
      "unavailable",
    );
  }

  async get(id: string): Promise<Uint8Array | undefined> {
    const found = await this.find(id);
    return typeof found === "string" ? undefined : found;
  }

  find(id: string): Promise<ReplayLookup> {
    if (!REPLAY_ID_PATTERN.test(id)) return Promise.resolve("missing");
    if (this.closed) return Promise.resolve("unavailable");
    return this.track<ReplayLookup>(
      async () => {
        const file = await this.redis.hgetBuffer(REPLAY_KEYS.files, id);
        return file === null ? ("missing" as const) : new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
      },
      "get",
      "unavailable",
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]); // each bounded by the command timeout
    if (this.ownsConnection) this.redis.disconnect();
  }

  /** Runs `call`; on failure logs (once per outage) and resolves with `fallback`. */
  private track<T>(call: () => Promise<T>, what: string, fallback: T): Promise<T> {
    const run = call().then(
      (value) => {
        if (this.failing) this.logger.info({ event: "replay_store_recovered" }, "replay store answers again");
        this.failing = false;
        return value;
      },
      (err: unknown) => {
        if (!this.failing) this.logger.warn({ event: "replay_store_failed", what, err: err instanceof Error ? err.message : String(err) }, `replay store ${what} failed; handled`);
        this.failing = true;
        return fallback;
      },
    );
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }
}
