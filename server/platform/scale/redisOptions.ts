/**
 * ioredis options for every Redis connection of a process (presence, listing driver, their
 * subscribers): where Redis is (from REDIS_URL) and how a fault is bounded. Colyseus' Redis classes
 * take an options object and build their connections with their own copy of ioredis, so the URL is
 * turned into options here rather than handed over as a string.
 */
import type { RedisTimeouts } from "../../config.js";

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
