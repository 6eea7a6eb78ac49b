import { LocalPresence, type MatchMakerDriver, type Presence } from "@colyseus/core";
import type { Logger } from "../logger.js";
import { ListingRedisDriver } from "./redisDriver.js";
import { ReplyPatternRedisPresence } from "./redisPresence.js";

interface EventSource {
  on(event: string, listener: (arg?: unknown) => void): unknown;
}

export interface Backplane {
  presence: Presence;
  /** undefined → Colyseus' in-memory LocalDriver. */
  driver?: MatchMakerDriver;
  /** Live Redis connection state, for /health; "none" in single-process mode. */
  redisStatus(): string;
  /** Calls `listener` each time Redis comes back after a loss (never in single-process mode). */
  onRedisRecovered(listener: () => void): void;
}

/** How often each process re-reads the whole room listing, in case it missed a change message. */
const LISTING_RESYNC_MS = 15_000;

/** In-memory presence for one process, or Redis presence + driver shared by many processes. */
export function createBackplane(redisUrl: string | undefined, logger: Logger): Backplane {
  if (!redisUrl) return { presence: new LocalPresence(), redisStatus: () => "none", onRedisRecovered: () => undefined };
  const presence = new ReplyPatternRedisPresence(redisUrl);
  const driver = new ListingRedisDriver(redisUrl, {
    onError: (what, err) => logger.warn({ event: `room_listing_${what}_failed`, err }, `room listing ${what} failed`),
    resyncEveryMs: LISTING_RESYNC_MS,
  });
  // The presence's publishing connection (ioredis) tells when Redis is gone and back.
  const pub = (presence as unknown as { pub: EventSource }).pub;
  const connections = [pub, (presence as unknown as { sub: EventSource }).sub, ...driver.connections];
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
  let lost = false;
  const listeners: Array<() => void> = [];
  pub.on("close", () => (lost = true));
  pub.on("ready", () => {
    if (!lost) return;
    lost = false;
    for (const listener of listeners) listener();
  });
  return {
    presence,
    driver,
    redisStatus: () => (pub as unknown as { status?: string }).status ?? "unknown",
    onRedisRecovered: (listener) => void listeners.push(listener),
  };
}
