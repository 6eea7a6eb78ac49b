import { initializeRoomCache, type IRoomCache } from "@colyseus/core";

/** One change to the shared room listing: a listing stored (its JSON as written) or removed. */
export type ListingChange = { op: "set"; roomId: string; raw: string } | { op: "del"; roomId: string };

/**
 * This process's copy of the cluster-wide room listing (the Redis hash Colyseus' driver keeps),
 * so that quick play and room lists read memory instead of fetching every listing from Redis on
 * each request. It is kept current by change messages and rebuilt by full reads (`resync`).
 *
 * A full read can race with changes: a change executed in Redis after the read may arrive before
 * the read's reply. Changes that arrive while a read is in flight are therefore also replayed on
 * top of its result, in arrival order. Each change carries a whole listing (set) or a removal
 * (del), so replaying one the read already reflects is harmless.
 */
export class ListingMirror {
  private rooms = new Map<string, IRoomCache>();
  private replay: ListingChange[] | undefined;
  private inFlight: Promise<void> | undefined;
  /** False until the first full read has landed; callers read the store directly until then. */
  ready = false;

  apply(change: ListingChange): void {
    applyTo(this.rooms, change);
    this.replay?.push(change);
  }

  /** Replaces the copy with a full read (roomId → stored JSON). Concurrent calls share one read. */
  resync(read: () => Promise<Record<string, string>>): Promise<void> {
    this.inFlight ??= (async () => {
      const replay: ListingChange[] = [];
      this.replay = replay;
      try {
        const seed = new Map<string, IRoomCache>();
        for (const [roomId, raw] of Object.entries(await read())) applyTo(seed, { op: "set", roomId, raw });
        for (const change of replay) applyTo(seed, change);
        this.rooms = seed;
        this.ready = true;
      } finally {
        this.replay = undefined;
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  /** The stored listings, shared: filter and sort them, then `copy` what leaves the driver. */
  all(): IRoomCache[] {
    return Array.from(this.rooms.values());
  }

  get size(): number {
    return this.rooms.size;
  }
}

/** A caller's own copy of a listing (Colyseus code may set fields on what a query returns). */
export function copy(room: IRoomCache): IRoomCache {
  return { ...room, metadata: room.metadata && typeof room.metadata === "object" ? { ...room.metadata } : room.metadata };
}

function applyTo(rooms: Map<string, IRoomCache>, change: ListingChange): void {
  // Parsed as Colyseus' Redis driver parses a listing it reads.
  if (change.op === "set") rooms.set(change.roomId, initializeRoomCache(JSON.parse(change.raw)));
  else rooms.delete(change.roomId);
}
