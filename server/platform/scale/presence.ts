import { LocalPresence, type MatchMakerDriver, type Presence } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { redisClientOf } from "../colyseus/driverClient.js";
import { processChannelProblem } from "../colyseus/redisProbes.js";
import type { Tunings } from "../colyseus/tunings.js";
import { RedisChatStore, type ChatStore, type ScriptConnection } from "../chat/chatStore.js";
import type { RedisTimeouts } from "../../config.js";
import type { Logger } from "../../logger.js";
import { ListingRedisDriver } from "./redisDriver.js";
import { RedisFaults } from "./redisFaults.js";
import { RedisHealth, type Pingable } from "./redisHealth.js";
import { redisTargetOptions, type RedisTarget } from "./redisOptions.js";
import { SafeRedisPresence, STATS_KEY } from "./redisPresence.js";

interface EventSource {
  on(event: string, listener: (arg?: unknown) => void): unknown;
}

export interface Backplane {
  presence: Presence;
  /** undefined → Colyseus' in-memory LocalDriver. */
  driver?: MatchMakerDriver;
  /** Global chat store on Redis; undefined → on the presence (memory). */
  chatStore?: ChatStore;
  /** "none" in single-process mode; otherwise the outcome of the last round trip: "connecting", "ready" or "unreachable". */
  redisStatus(): string;
  /** True in single-process mode, or when Redis answered the last probe on every connection. */
  ready(): boolean;
  /** Calls `listener` each time Redis answers again after it did not (also when it first appears after a start without it). */
  onRedisRecovered(listener: () => void): void;
  /** Work left over from an outage (listing removals that failed), done again. */
  retryAfterOutage(): Promise<void>;
  /** Starts the readiness probe. */
  start(): void;
  /** Resolves after a probe (the one under way, or a new one): the status then reflects a round trip. */
  probe(): Promise<void>;
  /** Throws if Colyseus no longer keeps its process stats where their failures are handled (checked when Redis answers). */
  checkInternals(processId: string): Promise<void>;
  /** Probes the Redis tuning deadProcessSweep once listening, when Redis answers. */
  probeTunings(processId: string): Promise<void>;
  /** Stops the readiness probe (before the connections are closed). */
  stop(): void;
}

/** How often each process re-reads the whole room listing, in case it missed a change message. */
const LISTING_RESYNC_MS = 15_000;

/** In-memory presence for one process, or Redis presence + driver shared by many processes. */
export function createBackplane(target: RedisTarget | undefined, timeouts: RedisTimeouts, logger: Logger, tunings: Tunings): Backplane {
  if (!target) {
    for (const name of ["listingMirror", "deadProcessSweep"] as const) tunings.notApplicable(name, "one process (no REDIS_URL or REDIS_SENTINELS)");
    return {
      presence: new LocalPresence(),
      redisStatus: () => "none",
      ready: () => true,
      onRedisRecovered: () => undefined,
      retryAfterOutage: async () => undefined,
      start: () => undefined,
      probe: async () => undefined,
      checkInternals: async () => undefined,
      probeTunings: async () => undefined,
      stop: () => undefined,
    };
  }
  const options = redisTargetOptions(target, timeouts);
  const faults = new RedisFaults(logger);
  const presence = new SafeRedisPresence(options, faults);
  const driver = createDriver(options, tunings, faults);
  const driverConnections = driver instanceof ListingRedisDriver ? driver.connections : [redisClientOf(driver)].filter((c) => c !== undefined);
  const connections = [...presence.connections, ...driverConnections] as unknown as Array<EventSource & Pingable>;
  // ioredis reconnects by itself; log the first error of an outage instead of an unhandled-error line per retry.
  let reported = false;
  for (const connection of connections) {
    connection.on("error", (err?: unknown) => {
      if (reported) return;
      reported = true;
      logger.error({ event: "redis_error", err }, "redis connection error; retrying");
    });
    connection.on("ready", () => (reported = false));
  }

  const listeners: Array<() => void> = [];
  let wasDown = false;
  const health = new RedisHealth(connections, {
    intervalMs: timeouts.pingIntervalMs,
    timeoutMs: timeouts.commandTimeoutMs,
    onChange: (state, previous, err) => {
      if (state === "unreachable") {
        wasDown = true;
        logger.error({ event: "redis_unreachable", previous, err: err instanceof Error ? err.message : String(err) }, "redis does not answer; not ready");
        return;
      }
      if (state !== "ready" || !wasDown) return;
      wasDown = false;
      faults.clear();
      logger.warn({ event: "redis_recovered" }, "redis answers again; ready");
      for (const listener of listeners) listener();
    },
  });

  // A closed socket is a fault at once (even one shorter than a probe period: Redis may come back empty).
  for (const connection of connections) {
    connection.on("close", () => health.connectionLost());
    connection.on("ready", () => health.connectionReady());
  }

  return {
    presence,
    driver,
    // Half the command timeout: a post's reply has the other half to come back before its sender gives up.
    chatStore: new RedisChatStore(presence.commands as unknown as ScriptConnection, Math.floor(timeouts.commandTimeoutMs / 2), () => health.state !== "unreachable"),
    redisStatus: () => health.state,
    ready: () => health.state === "ready",
    onRedisRecovered: (listener) => void listeners.push(listener),
    retryAfterOutage: async () => {
      if (driver instanceof ListingRedisDriver) await driver.retryRemovals();
    },
    start: () => health.start(),
    probe: () => health.probe(),
    checkInternals: async (processId) => {
      if ((await presence.statsKeyInUse(processId)) === "missing") {
        throw new Error(`Colyseus did not write this process's stats to "${STATS_KEY}": its Stats key changed, and failed stats writes would go unhandled (server/scale/redisPresence.ts)`);
      }
    },
    probeTunings: async (processId) => {
      if (health.state !== "ready") return logger.warn({ event: "tunings_not_probed", redis: health.state }, "Redis tunings not probed: Redis does not answer");
      if (tunings.on("deadProcessSweep")) tunings.probed("deadProcessSweep", await processChannelProblem(presence, processId));
    },
    stop: () => health.stop(),
  };
}

/** The listing copy (tuning `listingMirror`), or Colyseus' own RedisDriver when it is off or its internal is missing. */
function createDriver(options: ReturnType<typeof redisTargetOptions>, tunings: Tunings, faults: RedisFaults): RedisDriver {
  if (tunings.on("listingMirror")) {
    try {
      return new ListingRedisDriver(options, { onError: (what, err) => faults.report(`room listing ${what}`, err), resyncEveryMs: LISTING_RESYNC_MS });
    } catch (err) {
      tunings.probed("listingMirror", err instanceof Error ? err.message : String(err));
    }
  }
  return new RedisDriver(options);
}
