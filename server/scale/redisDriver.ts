import type { IRoomCache } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";

type Operations = Parameters<RedisDriver["update"]>[1];
type Conditions = Parameters<RedisDriver["query"]>[0];

/**
 * Colyseus' Redis driver with two shortcuts on the join path.
 *
 * A query for one room id reads that one listing (HGET) instead of every listing (HGETALL and a parse
 * of each): every lobby runs one on each join and leave anywhere in the cluster.
 *
 * Seat-count updates (a join's `$inc: { clients }`) do not wait for Redis' reply: Colyseus awaits that write inside every seat reservation, one round trip on
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

  override async query(conditions: Conditions, sortOptions?: Parameters<RedisDriver["query"]>[1]) {
    const keys = Object.keys(conditions);
    if (keys.length === 1 && typeof conditions.roomId === "string") {
      const room = await this.findOne({ roomId: conditions.roomId });
      return room ? [room] : [];
    }
    return super.query(conditions, sortOptions);
  }

  override update(room: IRoomCache, operations: Operations): Promise<boolean> {
    const written = super.update(room, operations);
    if (operations.$inc?.clients === undefined) return written;
    written.catch(this.onWriteError);
    return Promise.resolve(true);
  }
}
