import { nameSkeleton, uniqueName } from "../../../shared/names.js";
import type { HillState } from "../../../shared/schema/hill.js";
import { Player } from "../../../shared/schema/state.js";
import { PLAYER_RADIUS_UNITS } from "../../../shared/sim/constants.js";
import { isOnHill } from "../../../shared/sim/hill.js";
import { findFreeSpot } from "../../../shared/sim/orbs.js";
import type { Rng } from "../../../shared/sim/rng.js";

/**
 * The `n`-th player to join a hill room: named as asked (or "Player n", numbered when the name or a
 * look-alike is taken), placed clear of the walls and other players, and never on the hill itself
 * (nobody scores by arriving), with a hue of its own.
 */
export function spawnContender(state: HillState, rng: Rng, n: number, askedName: string | null | undefined): Player {
  const taken = new Set([...state.players.values()].map((p) => nameSkeleton(p.name)));
  const name = uniqueName(askedName ?? `Player ${n}`, taken);
  const others = [...state.players.values()];
  let spot = findFreeSpot(rng, others, PLAYER_RADIUS_UNITS);
  for (let i = 0; i < 8 && isOnHill(spot, state.hill); i++) spot = findFreeSpot(rng, others, PLAYER_RADIUS_UNITS);
  return new Player({ name, x: spot.x, y: spot.y, hue: (n * 47) % 256 });
}
