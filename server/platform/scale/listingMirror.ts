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
 * (del), so replaying one the read already reflects is harmless. A read asked for while another
 * is in flight is made after it, never shared: the one in flight may have been sent before the
 * caller's subscription was back (after a reconnection), and missed what happened in between.
 * A stored listing that cannot be parsed is skipped and reported, not fatal to the read.
 */
export class ListingMirror {
  private rooms = new Map<string, IRoomCache>();
  private replay: ListingChange[] | undefined;
  private inFlight: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  /** False until the first full read has landed; callers read the store directly until then. */
  ready = false;

  apply(change: ListingChange): void {
    applyTo(this.rooms, change);
    this.replay?.push(change);
  }

  constructor(private readonly onBadListing: (roomId: string, err: unknown) => void = () => undefined) {}

  /**
   * Replaces the copy with a full read (roomId → stored JSON). A call while a read is in flight
   * gets a new read started after it (calls made meanwhile share that one).
   */
  resync(read: () => Promise<Record<string, string>>): Promise<void> {
    if (this.inFlight) {
      this.next ??= this.inFlight
        .catch(() => undefined)
        .then(() => {
          this.next = undefined;
          return this.resync(read);
        });
      return this.next;
    }
    const replay: ListingChange[] = [];
    this.replay = replay;
    this.inFlight = (async () => {
      try {
        const seed = new Map<string, IRoomCache>();
        for (const [roomId, raw] of Object.entries(await read())) {
          try {
            applyTo(seed, { op: "set", roomId, raw });
          } catch (err) {
            this.onBadListing(roomId, err);
          }
        }
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
