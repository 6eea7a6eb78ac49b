/**
 * Quick play for the baseline servers, which have no matchmaker: a joining player goes to the
 * fullest room that still has a seat, else a new room (what Colyseus' quick play does for the
 * product); an empty room is disposed.
 */
import { PlainArena } from "./plainArena.js";

export interface PooledRoom {
  arena: PlainArena;
  dispose(): void;
}

export class RoomPool<R extends PooledRoom> {
  readonly rooms = new Map<string, R>();
  private nextId = 1;

  constructor(private readonly create: (arena: PlainArena) => R, private readonly seed: number) {}

  pick(): R {
    let best: R | undefined;
    for (const room of this.rooms.values()) {
      if (room.arena.full) continue;
      if (!best || room.arena.players.size > best.arena.players.size) best = room;
    }
    if (best) return best;
    const arena = new PlainArena(`r${this.nextId++}`, this.seed);
    const room = this.create(arena);
    this.rooms.set(arena.roomId, room);
    return room;
  }

  /** Call after a player left: disposes the room when it is empty. */
  release(room: R): void {
    if (room.arena.players.size > 0) return;
    room.dispose();
    this.rooms.delete(room.arena.roomId);
  }
}
