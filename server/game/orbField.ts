import { ORB_TARGET_COUNT } from "../../shared/sim/constants.js";
import { findFreeSpot, rollOrbValue, touches, type OrbLike } from "../../shared/sim/orbs.js";
import type { Rng } from "../../shared/sim/rng.js";
import type { Position } from "../../shared/sim/step.js";

export interface Scorer extends Position {
  score: number;
}

/**
 * Authority-only orb rules over plain maps (the schema maps satisfy these shapes):
 * collection awards the orb's value to whoever touches it first (map order breaks ties),
 * and the field is topped up to ORB_TARGET_COUNT at free spots.
 */
export class OrbField {
  private nextId = 1;

  constructor(
    private readonly rng: Rng,
    private readonly create: (orb: OrbLike) => OrbLike,
  ) {}

  /** Removes touched orbs and credits their value; returns the points awarded this call. */
  collect(orbs: Map<string, OrbLike>, players: Iterable<Scorer>): number {
    let awarded = 0;
    for (const player of players) {
      for (const [id, orb] of orbs) {
        if (!touches(player, orb)) continue;
        player.score += orb.value;
        awarded += orb.value;
        orbs.delete(id);
      }
    }
    return awarded;
  }

  /** Adds orbs at free spots until the field holds the target count. */
  refill(orbs: Map<string, OrbLike>, players: Iterable<Position>, target = ORB_TARGET_COUNT): void {
    if (orbs.size >= target) return;
    const occupied: Position[] = [...players, ...orbs.values()];
    while (orbs.size < target) {
      const spot = findFreeSpot(this.rng, occupied);
      const orb = this.create({ x: spot.x, y: spot.y, value: rollOrbValue(this.rng) });
      orbs.set(`o${this.nextId++}`, orb);
      occupied.push(orb);
    }
  }
}
