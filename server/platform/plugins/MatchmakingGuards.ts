import { RoomPlugin } from "@colyseus/core";
import type { RoomCap } from "../scale/roomCap.js";

export interface MatchmakingGuardsOptions {
  /** The process's room cap (MAX_ROOMS_PER_PROCESS) this room counts against; none = uncapped. */
  roomCap?: RoomCap;
  /** Seconds a reserved seat waits for its client (SEAT_RESERVATION_SECONDS); none = Colyseus' default. */
  seatReservationSeconds?: number;
}

/**
 * **Matchmaking guards.** A room counted against the process room cap: admitted first thing in
 * onCreate, before anything is awaited (declare this plugin first, so concurrent creations cannot
 * overshoot; at the cap the creation is refused ROOM_LIMIT_REACHED, 503), released when disposed.
 * Also sets how long a reserved seat waits for its client.
 */
export class MatchmakingGuards extends RoomPlugin {
  override readonly pluginName = "matchmaking" as const;

  constructor(private readonly options: MatchmakingGuardsOptions) {
    super();
  }

  protected override onCreate(): void {
    this.options.roomCap?.admit(this.room);
    if (this.options.seatReservationSeconds !== undefined) this.room.seatReservationTimeout = this.options.seatReservationSeconds;
  }

  protected override onDispose(): void {
    this.options.roomCap?.release(this.room);
  }
}
