/**
 * Quick play for the baseline servers, as Orb Arena's matchmaking does it: a joining player goes
 * to the fullest room that still has a seat, else a new room; an empty room is disposed.
 */
import { ArenaWorld } from "../sim/world.js";

export interface PooledRoom {
  world: ArenaWorld;
  dispose(): void;
}

export class RoomPool<R extends PooledRoom> {
  readonly rooms = new Map<string, R>();
  private nextId = 1;

  constructor(private readonly create: (world: ArenaWorld) => R, private readonly seed: number) {}

  pick(): R {
    let best: R | undefined;
    for (const room of this.rooms.values()) {
      if (room.world.full) continue;
      if (!best || room.world.players.size > best.world.players.size) best = room;
    }
    if (best) return best;
    const world = new ArenaWorld(`r${this.nextId++}`, this.seed);
    const room = this.create(world);
    this.rooms.set(world.roomId, room);
    return room;
  }

  /** Call after a player left: disposes the room when it is empty. */
  release(room: R): void {
    if (room.world.players.size > 0) return;
    room.dispose();
    this.rooms.delete(room.world.roomId);
  }
}
