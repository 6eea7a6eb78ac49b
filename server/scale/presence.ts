import { LocalPresence, type MatchMakerDriver, type Presence } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";

export interface Backplane {
  presence: Presence;
  /** undefined → Colyseus' in-memory LocalDriver. */
  driver?: MatchMakerDriver;
  /** Live Redis connection state, for /health; "none" in single-process mode. */
  redisStatus(): string;
}

/** In-memory presence for one process, or Redis presence + driver shared by many processes. */
export function createBackplane(redisUrl: string | undefined): Backplane {
  if (!redisUrl) return { presence: new LocalPresence(), redisStatus: () => "none" };
  const presence = new RedisPresence(redisUrl);
  const driver = new RedisDriver(redisUrl);
  return {
    presence,
    driver,
    redisStatus: () => (presence as unknown as { pub?: { status?: string } }).pub?.status ?? "unknown",
  };
}
