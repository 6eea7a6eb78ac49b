import { roomLimitError } from "./matchmakeLimits.js";

/**
 * The arena rooms this process hosts, capped (MAX_ROOMS_PER_PROCESS). A room is admitted first
 * thing in its onCreate, before anything is awaited, so concurrent creations cannot overshoot;
 * it is released when disposed (also when its creation failed).
 */
export class RoomCap {
  private readonly rooms = new Set<object>();

  constructor(readonly max: number) {}

  /** Counts `room` in, or throws ROOM_LIMIT_REACHED (503) when the process is at its cap. */
  admit(room: object): void {
    if (this.rooms.has(room)) return;
    if (this.rooms.size >= this.max) {
      throw roomLimitError(this.max);
    }
    this.rooms.add(room);
  }

  release(room: object): void {
    this.rooms.delete(room);
  }

  get size(): number {
    return this.rooms.size;
  }
}
