import { refusal, roomLimitError } from "./matchmakeLimits.js";

/**
 * The arena rooms this process hosts, capped (MAX_ROOMS_PER_PROCESS). A room is admitted first
 * thing in its onCreate, before anything is awaited, so concurrent creations cannot overshoot;
 * it is released when disposed (also when its creation failed).
 */
export class RoomCap {
  private readonly rooms = new Set<object>();
  /** False while the process drains before stopping: no new rooms here. */
  private admitting = true;

  constructor(readonly max: number) {}

  /** Counts `room` in, or throws ROOM_LIMIT_REACHED (503) when the process is at its cap. */
  admit(room: object): void {
    if (this.rooms.has(room)) return;
    if (!this.admitting) throw refusal("ROOM_LIMIT_REACHED", "this server is shutting down; try again.");
    if (this.rooms.size >= this.max) {
      throw roomLimitError(this.max);
    }
    this.rooms.add(room);
  }

  /** From now on every new room is refused here (the process drains before stopping). */
  stopAdmitting(): void {
    this.admitting = false;
  }

  release(room: object): void {
    this.rooms.delete(room);
  }

  /** The rooms counted in (this process's game rooms). */
  get admitted(): ReadonlySet<object> {
    return this.rooms;
  }

  get size(): number {
    return this.rooms.size;
  }
}
