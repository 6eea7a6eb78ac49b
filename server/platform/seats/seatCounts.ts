import type { Room } from "@colyseus/core";
import type { GameRoomMetadata } from "../../../shared/protocol.js";

/** What the seat plugins read of a room's state: its players (bots marked) and the spectator count. */
export interface SeatedState {
  players: Map<string, { bot: boolean }>;
  spectators: number;
}

/** Players who are people (not server bots) in `state`. */
export function humansIn(state: SeatedState): number {
  let humans = 0;
  for (const p of state.players.values()) if (!p.bot) humans++;
  return humans;
}

/**
 * Writes the room's seat counts into its listing metadata (humans, bots, spectators, maxPlayers,
 * seatOpen), keeping what else is there (`private`); nothing is written when nothing changed.
 * `pendingHumans`: player seats reserved and not yet joined (they count against `seatOpen`).
 */
export function publishSeats(room: Room, state: SeatedState, maxPlayers: number, pendingHumans = 0): void {
  const humans = humansIn(state);
  const counts: Omit<GameRoomMetadata, "private"> = {
    humans,
    bots: state.players.size - humans,
    spectators: state.spectators,
    maxPlayers,
    seatOpen: humans + pendingHumans < maxPlayers,
  };
  const current = (room.metadata ?? {}) as Record<string, unknown>;
  if (Object.entries(counts).every(([k, v]) => current[k] === v)) return;
  void room.setMetadata({ ...current, ...counts }).catch(() => undefined); // a failed listing write is retried by the next change
}
