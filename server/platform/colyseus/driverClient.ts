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
