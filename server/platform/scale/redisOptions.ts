/**
 * ioredis options for every Redis connection of a process (presence, listing driver, their
 * subscribers): where Redis is (REDIS_URL, or the master Sentinel names) and how a fault is bounded. Colyseus' Redis classes
 * take an options object and build their connections with their own copy of ioredis, so the URL is
 * turned into options here rather than handed over as a string.
 */
import type { RedisSentinelTarget, RedisTimeouts } from "../../config.js";

/** Where Redis is: a URL, or the sentinels that know which server is the master now. */
export type RedisTarget = { url: string } | { sentinel: RedisSentinelTarget };

export interface RedisConnectionOptions {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
  /** A command without a reply after this long rejects ("Command timed out"). */
  commandTimeout: number;
  /** Commands issued while disconnected wait in the offline queue at most this many reconnection attempts (+1). */
  maxRetriesPerRequest: number;
  /** A command lost with its connection is not sent again after the reconnection (its caller was already told it failed). */
  autoResendUnfulfilledCommands: boolean;
  /** Delay before each reconnection attempt, ms. */
  retryStrategy: (attempt: number) => number;
  connectTimeout: number;
}

/** Sentinel mode: ioredis asks the sentinels for the master on each (re)connection, and follows a failover. */
export interface RedisSentinelConnectionOptions extends Omit<RedisConnectionOptions, "host" | "port" | "username" | "password" | "tls"> {
  sentinels: Array<{ host: string; port: number }>;
  name: string;
  role: "master";
  /** Asking the sentinels is bounded like any command. */
  sentinelCommandTimeout: number;
  /** Delay between two rounds over every sentinel when none answers, ms. */
  sentinelRetryStrategy: (attempt: number) => number;
  /** Subscribes to the sentinels' +switch-master: connections leave a demoted master at once. */
  failoverDetector: boolean;
  /** A write refused by a server that became a replica (READONLY) reconnects, to the master Sentinel names. */
  reconnectOnError: (err: Error) => boolean | 1 | 2;
}

export function redisTargetOptions(target: RedisTarget, timeouts: RedisTimeouts): RedisConnectionOptions | RedisSentinelConnectionOptions {
  return "url" in target ? redisConnectionOptions(target.url, timeouts) : redisSentinelOptions(target.sentinel, timeouts);
}

export function redisSentinelOptions(target: RedisSentinelTarget, timeouts: RedisTimeouts): RedisSentinelConnectionOptions {
  return {
    sentinels: target.sentinels.map((s) => ({ host: s.host, port: s.port })),
    name: target.name,
    role: "master",
    db: 0,
    commandTimeout: timeouts.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_MAX_DELAY_MS),
    connectTimeout: Math.max(timeouts.commandTimeoutMs, 2000),
    sentinelCommandTimeout: timeouts.commandTimeoutMs,
    sentinelRetryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_MAX_DELAY_MS),
    failoverDetector: true,
    // 2: reconnect and send the refused command again (to the new master); any other error is the caller's.
    reconnectOnError: (err) => (err.message.startsWith("READONLY") ? 2 : false),
  };
}

/** Longest pause between two reconnection attempts, ms: Redis is used again at most this long after it is back. */
export const RECONNECT_MAX_DELAY_MS = 1000;

export function redisConnectionOptions(url: string, timeouts: RedisTimeouts): RedisConnectionOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`REDIS_URL: the database index must be a number (got "${parsed.pathname.slice(1)}")`);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === "rediss:" ? {} : undefined,
    commandTimeout: timeouts.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_MAX_DELAY_MS),
    connectTimeout: Math.max(timeouts.commandTimeoutMs, 2000),
  };
}
