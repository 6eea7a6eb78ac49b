import { nameSkeleton, uniqueName } from "../../../shared/names.js";
import { Player, type ArenaState } from "../../../shared/schema/state.js";
import { PLAYER_RADIUS_UNITS } from "../../../shared/sim/constants.js";
import { findFreeSpot } from "../../../shared/sim/orbs.js";
import type { Rng } from "../../../shared/sim/rng.js";

/**
 * The `n`-th player to join a room: named as asked (or "Player n"), with a number added when the
 * name is taken or looks like a taken one ("Ann 2"), placed clear of the walls, other players and
 * orbs, with a hue of its own.
 */
export function spawnPlayer(state: ArenaState, rng: Rng, n: number, askedName: string | null | undefined): Player {
  const taken = new Set([...state.players.values()].map((p) => nameSkeleton(p.name)));
  const name = uniqueName(askedName ?? `Player ${n}`, taken);
  const spot = findFreeSpot(rng, [...state.players.values(), ...state.orbs.values()], PLAYER_RADIUS_UNITS);
  return new Player({ name, x: spot.x, y: spot.y, hue: (n * 47) % 256 });
}
