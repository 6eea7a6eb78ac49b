import type { IRoomCache } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";

type Operations = Parameters<RedisDriver["update"]>[1];

/**
 * Colyseus' Redis driver, except that seat-count updates (a join's `$inc: { clients }`) do not wait
 * for Redis' reply: Colyseus awaits that write inside every seat reservation, one round trip on
 * each join. The listing object is updated in memory before the write is queued, writes on the one
 * connection keep their order, and the seat check itself is in the room's process, so nothing
 * reads the count back in between. A failed write is reported; listings are restored when Redis
 * comes back (restoreMissingRoomCaches). Every other update (lock, metadata, private) stays awaited.
 */
export class SeatCountRedisDriver extends RedisDriver {
  constructor(
    url: string,
    private readonly onWriteError: (err: unknown) => void,
  ) {
    super(url);
  }

  override update(room: IRoomCache, operations: Operations): Promise<boolean> {
    const written = super.update(room, operations);
    if (operations.$inc?.clients === undefined) return written;
    written.catch(this.onWriteError);
    return Promise.resolve(true);
  }
}
