import { ROOM } from "../../shared/protocol.js";
import { HillState } from "../../shared/schema/hill.js";
import { ArenaState } from "../../shared/schema/state.js";

/**
 * The games a player can pick in the lobby: the room type each is played in and the state class
 * its room sends. The one place the browser picks a room name.
 */
export const GAME_MODES = {
  arena: { room: ROOM.ARENA, State: ArenaState },
  hill: { room: ROOM.HILL, State: HillState },
} as const;
export type GameMode = keyof typeof GAME_MODES;

/** The mode played in a room of type `roomName`, or undefined for a room that is no game (the lobby). */
export function modeOfRoom(roomName: string): GameMode | undefined {
  return (Object.keys(GAME_MODES) as GameMode[]).find((mode) => GAME_MODES[mode].room === roomName);
}
