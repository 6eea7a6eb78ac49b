/**
 * The only reader of process.env. `loadConfig(env)` is pure: it validates every variable,
 * applies defaults and returns a frozen object; a bad value throws one error listing all
 * problems, so the process refuses to start instead of running misconfigured.
 */
import { resolve } from "node:path";
import { CHAT_RATE_MAX_MESSAGES, CHAT_RATE_WINDOW_MS } from "../shared/protocol.js";
import { INTERMISSION_MS, RECONNECT_GRACE_S, ROUND_DURATION_MS } from "../shared/sim/constants.js";
import { parseTuningsOff, type TuningName } from "./platform/colyseus/tuningNames.js";
import { MAX_REPLAY_FILE_BYTES } from "../shared/replay/file.js";

/** Default REPLAY_MAX_FILE_BYTES: 1 MiB (a full 16-player round is meant to stay under 64 KB). */
export const REPLAY_MAX_FILE_BYTES_DEFAULT = 1024 * 1024;

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface GameTuning {
  /** Round length, ms. */
  roundMs: number;
  /** Pause between rounds, ms. */
  intermissionMs: number;
  /** Seat held for a dropped player, seconds. */
  reconnectGraceS: number;
  /** Seed for orb placement; undefined → random per room. */
  seed?: number;
  /** Spectators a room admits besides its players (MAX_SPECTATORS). */
  maxSpectators: number;
  /** A room with a human and fewer players than this is topped up with server bots (BOT_FILL; 0 = off). */
  botFill: number;
}

/** Thresholds of the soft limits: refuse with an error reply, then kick after sustained abuse. */
export interface AbuseLimits {
  /** Accepted chat messages per sender per window (CHAT_RATE_MAX_MESSAGES). */
  chatMaxMessages: number;
  /** Chat rate window, ms (CHAT_RATE_WINDOW_SECONDS). */
  chatWindowMs: number;
  /** The same text again from the same sender within this time is refused, ms (DUPLICATE_CHAT_WINDOW_SECONDS; 0 = off). */
  duplicateWindowMs: number;
  /** Refused or unknown messages per client per window before a kick (ABUSE_STRIKE_LIMIT). */
  strikeLimit: number;
  /** Strike window, ms (ABUSE_STRIKE_WINDOW_SECONDS). */
  strikeWindowMs: number;
  /** A client with more unsent bytes queued than this is dropped (SLOW_CLIENT_MAX_BUFFERED_BYTES). */
  maxBufferedBytes: number;
  /** Global chat messages per client address per chat window (GLOBAL_CHAT_ADDRESS_MAX_MESSAGES). */
  globalChatAddressMaxMessages: number;
  /** Global chat messages per chat window from everyone, all processes together (GLOBAL_CHAT_MAX_MESSAGES). */
  globalChatMaxMessages: number;
  /** Bytes of list replies (catch-up, room list) per session per second (REPLY_BYTES_PER_SECOND). */
  replyBytesPerSecond: number;
  /** Bytes of list replies per client address per second (REPLY_ADDRESS_BYTES_PER_SECOND). */
  replyAddressBytesPerSecond: number;
  /** Seconds of reply budget a client may bank and spend at once (REPLY_BURST_SECONDS). */
  replyBurstSeconds: number;
}

/** HTTP limits: matchmaking bodies and the server's timeouts. */
export interface HttpLimits {
  /** Largest matchmaking request body, bytes (MATCHMAKE_MAX_BODY_BYTES). */
  matchmakeMaxBodyBytes: number;
  /** Deepest nesting of objects/arrays in a matchmaking body (MATCHMAKE_MAX_JSON_DEPTH). */
  matchmakeMaxJsonDepth: number;
  /** Time to receive a request's headers, ms (HTTP_HEADERS_TIMEOUT_SECONDS). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, ms (HTTP_REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs: number;
  /** Idle time of a kept-alive connection between requests, ms (HTTP_KEEP_ALIVE_TIMEOUT_SECONDS). */
  keepAliveTimeoutMs: number;
}

/** Who may read /metrics. */
export interface MetricsAccess {
  /** Bearer token required on /metrics (METRICS_TOKEN); undefined = none. */
  token?: string;
  /** Separate listener for /metrics (METRICS_PORT); undefined = served on the main port. */
  port?: number;
  /** Interface of the separate listener (METRICS_HOST, default HOST). */
  host: string;
}

/** Per-address and per-process matchmaking limits (docs/reliability.md "Rooms and seats"). */
export interface MatchmakingLimits {
  /** Rooms one client address may create per minute, also the burst (ROOM_CREATES_PER_MINUTE). */
  roomCreatesPerMinute: number;
  /** Seat reservations not yet used one client address may hold (PENDING_SEATS_PER_ADDRESS). */
  pendingSeatsPerAddress: number;
  /** Unknown room codes/ids one client address may try per minute, also the burst (ROOM_CODE_MISSES_PER_MINUTE). */
  roomCodeMissesPerMinute: number;
  /** Arena rooms this process hosts at most (MAX_ROOMS_PER_PROCESS). */
  maxRoomsPerProcess: number;
  /** Seconds a reserved seat waits for its client to connect (SEAT_RESERVATION_SECONDS). */
  seatReservationSeconds: number;
  /** Client addresses each matchmaking limiter remembers at most (MATCHMAKE_TRACKED_ADDRESSES). */
  trackedAddresses: number;
}

/** Timeouts that keep a Redis fault from hanging anything (docs/reliability.md "Redis faults"). */
export interface RedisTimeouts {
  /** Every Redis command fails after this long without a reply, ms (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs: number;
  /** Readiness probe period: a PING on every Redis connection, ms (REDIS_PING_INTERVAL_MS). */
  pingIntervalMs: number;
  /** A matchmaking request (join, create, quick play) is refused after this long, ms (MATCHMAKE_TIMEOUT_MS). */
  matchmakeTimeoutMs: number;
}

/** Round replays: where they are kept and how many (docs/operations.md "Replays"). */
export interface ReplayConfig {
  /** Directory of the disk store when there is no Redis (REPLAY_DIR, default ./replays, resolved; created on demand). */
  dir: string;
  /** Replays kept at most; the oldest go first (REPLAY_KEEP_COUNT). */
  keepCount: number;
  /** Bytes of replay files kept at most; the oldest go first (REPLAY_KEEP_BYTES). */
  keepBytes: number;
  /** A replay file larger than this is not kept (REPLAY_MAX_FILE_BYTES). */
  maxFileBytes: number;
  /** Rounds are recorded (REPLAYS=on|off; off measures what recording costs). */
  record: boolean;
  /** `GET /replays` and `GET /replays/:id` per client address per minute, also the burst (REPLAY_REQUESTS_PER_MINUTE). */
  requestsPerMinute: number;
}

/** Sentinels to ask where the master of `name` is (docs/scaling.md "Redis Sentinel"). */
export interface RedisSentinelTarget {
  sentinels: ReadonlyArray<{ host: string; port: number }>;
  name: string;
}

/** True when the processes share Redis (by URL or through Sentinel): several processes, one listing. */
export function usesRedis(config: Pick<Config, "redisUrl" | "redisSentinel">): boolean {
  return config.redisUrl !== undefined || config.redisSentinel !== undefined;
}

export interface Config {
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Largest WebSocket message accepted, bytes. */
  maxPayloadBytes: number;
  /** Messages (inputs included) per second after which a client is disconnected. */
  maxMessagesPerSecond: number;
  /** Directory of the built browser client served at / (CLIENT_DIR, default dist/client; empty = none). */
  clientDir?: string;
  /** Redis for presence + matchmaking across processes (REDIS_URL); undefined = in-memory, one process (unless redisSentinel). */
  redisUrl?: string;
  /** Redis found through Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME), instead of REDIS_URL. */
  redisSentinel?: RedisSentinelTarget;
  /** Address other processes' clients use to reach this one: host:port or host/prefix (PUBLIC_ADDRESS). */
  publicAddress?: string;
  /** Origins allowed for matchmaking requests and WebSocket upgrades (ALLOWED_ORIGINS); empty = same origin + localhost. */
  allowedOrigins: readonly string[];
  /** Password for /monitor (MONITOR_PASSWORD); undefined = monitor not mounted. */
  monitorPassword?: string;
  /** On SIGTERM, running rounds may finish for up to this long before the rest is closed, ms (DRAIN_SECONDS; 0 = close at once). */
  drainMs: number;
  /** Seconds between checks that other processes are alive (HEALTH_CHECK_SECONDS). */
  healthCheckSeconds: number;
  redis: RedisTimeouts;
  /** X-Forwarded-For entries written by trusted proxies (TRUST_PROXY_HOPS); 0 = the socket's address only. */
  trustProxyHops: number;
  http: HttpLimits;
  metrics: MetricsAccess;
  limits: AbuseLimits;
  matchmaking: MatchmakingLimits;
  game: GameTuning;
  replays: ReplayConfig;
  /** Colyseus tunings switched off, for stock Colyseus behaviour there (COLYSEUS_TUNINGS_OFF: "all" or a comma-separated list). */
  colyseusTuningsOff: readonly TuningName[];
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = env[key];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };

  const logLevel = (env.LOG_LEVEL ?? "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${env.LOG_LEVEL}")`);
  }
  const host = env.HOST ?? "0.0.0.0";
  if (host.trim() === "") problems.push("HOST must not be empty");

  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    problems.push(`REDIS_URL must look like redis://host:port[/db] (got "${redisUrl}")`);
  }
  const redisSentinel = parseSentinels(env.REDIS_SENTINELS, env.REDIS_SENTINEL_NAME, problems);
  if (redisSentinel && redisUrl) problems.push("set either REDIS_URL or REDIS_SENTINELS, not both");
  const publicAddress = env.PUBLIC_ADDRESS || undefined;
  if (publicAddress !== undefined && !/^[A-Za-z0-9.\-\[\]:]+(:\d+)?(\/[A-Za-z0-9._\-\/]*)?$/.test(publicAddress)) {
    problems.push(`PUBLIC_ADDRESS must be host:port or host/prefix, without a scheme (got "${publicAddress}")`);
  }
  const allowedOrigins = (env.ALLOWED_ORIGINS ?? "").split(",").map((o) => o.trim()).filter((o) => o !== "");
  for (const origin of allowedOrigins) {
    if (origin !== "*" && !/^https?:\/\/[^\s/]+$/.test(origin)) problems.push(`ALLOWED_ORIGINS entries must be like https://example.com (got "${origin}")`);
  }

  const tuningsOff = parseTuningsOff(env.COLYSEUS_TUNINGS_OFF);
  if ("problem" in tuningsOff) problems.push(tuningsOff.problem);

  const replaysSwitch = (env.REPLAYS ?? "on").trim().toLowerCase();
  if (replaysSwitch !== "on" && replaysSwitch !== "off" && replaysSwitch !== "") problems.push(`REPLAYS must be on or off (got "${env.REPLAYS}")`);
  const replayDirRaw = env.REPLAY_DIR;
  if (replayDirRaw !== undefined && replayDirRaw.trim() === "" && replayDirRaw !== "") problems.push("REPLAY_DIR must not be blank");
  if (replayDirRaw !== undefined && replayDirRaw.includes("\0")) problems.push("REPLAY_DIR must not contain a NUL character");

  const seedRaw = env.GAME_SEED;
  const seed = seedRaw === undefined || seedRaw === "" ? undefined : int("GAME_SEED", 0, 0, 2 ** 32 - 1);

  const config: Config = {
    port: int("PORT", 2567, 0, 65535),
    host,
    logLevel,
    maxPayloadBytes: int("MAX_PAYLOAD_BYTES", 4096, 256, 1024 * 1024),
    maxMessagesPerSecond: int("MAX_MESSAGES_PER_SECOND", 120, 10, 1_000_000),
    clientDir: env.CLIENT_DIR === "" ? undefined : resolve(env.CLIENT_DIR ?? "dist/client"),
    redisUrl,
    redisSentinel,
    publicAddress,
    allowedOrigins,
    monitorPassword: env.MONITOR_PASSWORD || undefined,
    healthCheckSeconds: int("HEALTH_CHECK_SECONDS", 2, 1, 300),
    drainMs: int("DRAIN_SECONDS", 0, 0, 3600) * 1000,
    redis: {
      commandTimeoutMs: int("REDIS_COMMAND_TIMEOUT_MS", 1000, 50, 60_000),
      pingIntervalMs: int("REDIS_PING_INTERVAL_MS", 1000, 100, 60_000),
      matchmakeTimeoutMs: int("MATCHMAKE_TIMEOUT_MS", 2500, 500, 60_000),
    },
    trustProxyHops: int("TRUST_PROXY_HOPS", 0, 0, 10),
    http: {
      matchmakeMaxBodyBytes: int("MATCHMAKE_MAX_BODY_BYTES", 4096, 256, 1024 * 1024),
      matchmakeMaxJsonDepth: int("MATCHMAKE_MAX_JSON_DEPTH", 8, 2, 64),
      headersTimeoutMs: int("HTTP_HEADERS_TIMEOUT_SECONDS", 20, 1, 600) * 1000,
      requestTimeoutMs: int("HTTP_REQUEST_TIMEOUT_SECONDS", 30, 1, 3600) * 1000,
      keepAliveTimeoutMs: int("HTTP_KEEP_ALIVE_TIMEOUT_SECONDS", 5, 1, 600) * 1000,
    },
    metrics: {
      token: env.METRICS_TOKEN || undefined,
      port: env.METRICS_PORT === undefined || env.METRICS_PORT === "" ? undefined : int("METRICS_PORT", 0, 0, 65535),
      host: env.METRICS_HOST || host,
    },
    limits: {
      chatMaxMessages: int("CHAT_RATE_MAX_MESSAGES", CHAT_RATE_MAX_MESSAGES, 1, 100_000),
      chatWindowMs: int("CHAT_RATE_WINDOW_SECONDS", CHAT_RATE_WINDOW_MS / 1000, 1, 3600) * 1000,
      duplicateWindowMs: int("DUPLICATE_CHAT_WINDOW_SECONDS", 30, 0, 3600) * 1000,
      strikeLimit: int("ABUSE_STRIKE_LIMIT", 20, 1, 1_000_000),
      strikeWindowMs: int("ABUSE_STRIKE_WINDOW_SECONDS", 10, 1, 3600) * 1000,
      maxBufferedBytes: int("SLOW_CLIENT_MAX_BUFFERED_BYTES", 1024 * 1024, 16 * 1024, 256 * 1024 * 1024),
      globalChatAddressMaxMessages: int("GLOBAL_CHAT_ADDRESS_MAX_MESSAGES", 10, 1, 1_000_000),
      globalChatMaxMessages: int("GLOBAL_CHAT_MAX_MESSAGES", 50, 1, 10_000_000),
      replyBytesPerSecond: int("REPLY_BYTES_PER_SECOND", 32 * 1024, 1024, 1024 * 1024 * 1024),
      replyAddressBytesPerSecond: int("REPLY_ADDRESS_BYTES_PER_SECOND", 128 * 1024, 1024, 1024 * 1024 * 1024),
      replyBurstSeconds: int("REPLY_BURST_SECONDS", 8, 1, 3600),
    },
    matchmaking: {
      roomCreatesPerMinute: int("ROOM_CREATES_PER_MINUTE", 20, 1, 1_000_000),
      pendingSeatsPerAddress: int("PENDING_SEATS_PER_ADDRESS", 8, 1, 1_000_000),
      roomCodeMissesPerMinute: int("ROOM_CODE_MISSES_PER_MINUTE", 20, 1, 1_000_000),
      maxRoomsPerProcess: int("MAX_ROOMS_PER_PROCESS", 1000, 1, 1_000_000),
      seatReservationSeconds: int("SEAT_RESERVATION_SECONDS", 10, 2, 120),
      trackedAddresses: int("MATCHMAKE_TRACKED_ADDRESSES", 50_000, 100, 10_000_000),
    },
    game: {
      roundMs: int("ROUND_SECONDS", ROUND_DURATION_MS / 1000, 5, 3600) * 1000,
      intermissionMs: int("INTERMISSION_SECONDS", INTERMISSION_MS / 1000, 1, 600) * 1000,
      reconnectGraceS: int("RECONNECT_GRACE_SECONDS", RECONNECT_GRACE_S, 0, 600),
      seed,
      maxSpectators: int("MAX_SPECTATORS", 32, 0, 1000),
      botFill: int("BOT_FILL", 4, 0, 16),
    },
    replays: {
      dir: resolve(replayDirRaw || "replays"),
      keepCount: int("REPLAY_KEEP_COUNT", 500, 1, 100_000),
      keepBytes: int("REPLAY_KEEP_BYTES", 64 * 1024 * 1024, 1024, 2 ** 40),
      maxFileBytes: int("REPLAY_MAX_FILE_BYTES", REPLAY_MAX_FILE_BYTES_DEFAULT, 1024, MAX_REPLAY_FILE_BYTES),
      record: replaysSwitch !== "off",
      requestsPerMinute: int("REPLAY_REQUESTS_PER_MINUTE", 120, 1, 1_000_000),
    },
    colyseusTuningsOff: "off" in tuningsOff ? tuningsOff.off : [],
  };
  if (config.replays.maxFileBytes > config.replays.keepBytes) problems.push("REPLAY_MAX_FILE_BYTES must not exceed REPLAY_KEEP_BYTES (a replay of the largest size could never be kept)");
  if (config.http.headersTimeoutMs > config.http.requestTimeoutMs) problems.push("HTTP_HEADERS_TIMEOUT_SECONDS must not exceed HTTP_REQUEST_TIMEOUT_SECONDS");
  if (config.metrics.port !== undefined && config.metrics.port !== 0 && config.metrics.port === config.port) problems.push("METRICS_PORT must differ from PORT");
  if (config.metrics.token !== undefined && !/^[\x21-\x7e]{16,}$/.test(config.metrics.token)) problems.push("METRICS_TOKEN must be at least 16 printable characters without spaces");
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  }
  return Object.freeze({
    ...config,
    allowedOrigins: Object.freeze(config.allowedOrigins),
    http: Object.freeze(config.http),
    metrics: Object.freeze(config.metrics),
    redis: Object.freeze(config.redis),
    redisSentinel: config.redisSentinel && Object.freeze({ ...config.redisSentinel, sentinels: Object.freeze(config.redisSentinel.sentinels) }),
    limits: Object.freeze(config.limits),
    matchmaking: Object.freeze(config.matchmaking),
    game: Object.freeze(config.game),
    replays: Object.freeze(config.replays),
    colyseusTuningsOff: Object.freeze(config.colyseusTuningsOff),
  });
}

/** REDIS_SENTINELS ("host:port,host:port") and REDIS_SENTINEL_NAME (the master's name), both or neither. */
function parseSentinels(list: string | undefined, name: string | undefined, problems: string[]): RedisSentinelTarget | undefined {
  const entries = (list ?? "").split(",").map((e) => e.trim()).filter((e) => e !== "");
  if (entries.length === 0 && !name) return undefined;
  if (entries.length === 0) return void problems.push("REDIS_SENTINEL_NAME needs REDIS_SENTINELS (host:port,host:port,...)");
  if (!name) return void problems.push("REDIS_SENTINELS needs REDIS_SENTINEL_NAME (the master's name in the sentinels' configuration)");
  if (!/^[A-Za-z0-9._-]+$/.test(name)) problems.push(`REDIS_SENTINEL_NAME must be letters, digits, '.', '_' or '-' (got "${name}")`);
  const sentinels: Array<{ host: string; port: number }> = [];
  for (const entry of entries) {
    const match = /^\[?([^\s\[\]]+?)\]?:(\d{1,5})$/.exec(entry);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) problems.push(`REDIS_SENTINELS entries must be host:port (got "${entry}")`);
    else sentinels.push({ host: match[1]!, port });
  }
  return { sentinels, name };
}
