import { ROOM } from "../../shared/protocol.js";
import { HillState } from "../../shared/schema/hill.js";
import { ArenaState } from "../../shared/schema/state.js";
import { MAX_PLAYERS_PER_ROOM } from "../../shared/sim/constants.js";
import { HILL_MAX_PLAYERS } from "../../shared/sim/hill.js";

/**
 * The games a player can pick in the lobby: the room type each is played in and the state class
 * its room sends. The one place the browser picks a room name.
 */
export const GAME_MODES = {
  arena: { room: ROOM.ARENA, State: ArenaState, maxPlayers: MAX_PLAYERS_PER_ROOM },
  hill: { room: ROOM.HILL, State: HillState, maxPlayers: HILL_MAX_PLAYERS },
} as const;
export type GameMode = keyof typeof GAME_MODES;

/** The mode played in a room of type `roomName`, or undefined for a room that is no game (the lobby). */
export function modeOfRoom(roomName: string): GameMode | undefined {
  return (Object.keys(GAME_MODES) as GameMode[]).find((mode) => GAME_MODES[mode].room === roomName);
}
