import { nameSkeleton, uniqueName } from "../../../shared/names.js";
import { PLAYER_RADIUS_UNITS } from "../../../shared/sim/constants.js";
import { findFreeSpot } from "../../../shared/sim/orbs.js";
import type { Rng } from "../../../shared/sim/rng.js";
import type { Position } from "../../../shared/sim/step.js";

/** Who is in the room already (the schema ArenaState satisfies it). */
export interface SpawnArea {
  players: Map<string, Position & { name: string }>;
  orbs: Map<string, Position>;
}

/** A new player's fields (the room makes its Player schema from them). */
export interface Spawned extends Position {
  name: string;
  hue: number;
  /** Dash counters (shared/sim/dash.ts): a new player walks, and may dash at once. */
  dashSteps: number;
  dashCooldown: number;
}

/**
 * The `n`-th player to join a room: named as asked (or "Player n"), with a number added when the
 * name is taken or looks like a taken one ("Ann 2"), placed clear of the walls, other players and
 * orbs, with a hue of its own.
 */
export function spawnPlayer(state: SpawnArea, rng: Rng, n: number, askedName: string | null | undefined): Spawned {
  const taken = new Set([...state.players.values()].map((p) => nameSkeleton(p.name)));
  const name = uniqueName(askedName ?? `Player ${n}`, taken);
  const spot = findFreeSpot(rng, [...state.players.values(), ...state.orbs.values()], PLAYER_RADIUS_UNITS);
  return { name, x: spot.x, y: spot.y, hue: (n * 47) % 256, dashSteps: 0, dashCooldown: 0 };
}
