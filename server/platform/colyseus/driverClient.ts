import type { RedisDriver } from "@colyseus/redis-driver";
import type { Redis } from "ioredis";

/**
 * The ioredis connection Colyseus' RedisDriver opened (`driver._client`): the driver accepts only a
 * client made by its own copy of ioredis, so a subclass reuses this one rather than opening its
 * own. Undefined when the field is not there.
 */
export function redisClientOf(driver: RedisDriver): Redis | undefined {
  const client = (driver as unknown as { _client?: Redis })._client;
  return client && typeof client.hgetall === "function" ? client : undefined;
}

/** As `redisClientOf`, or throws naming the missing internal. */
export function requireRedisClient(driver: RedisDriver): Redis {
  const client = redisClientOf(driver);
  if (!client) throw new Error("Colyseus' RedisDriver connection (driver._client) is not there: the listing copy cannot work");
  return client;
}

/** Colyseus' in-memory query evaluator of listings (filter and sort as RedisDriver applies them). */
export { Query } from "@colyseus/redis-driver/Query";
