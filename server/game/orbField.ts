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

  /** Orbs as plain positions, refreshed each `collect` (reused: no allocation per tick). */
  private readonly spots: Array<{ id: string; orb: OrbLike | undefined; x: number; y: number }> = [];
  private readonly at: Position = { x: 0, y: 0 };

  /**
   * Removes touched orbs and credits their value; returns the points awarded this call.
   * The orbs' positions are read once per call rather than once per player (schema field reads
   * and map iteration were the largest item of the tick in `node --cpu-prof`).
   */
  collect(orbs: Map<string, OrbLike>, players: Iterable<Scorer>): number {
    let n = 0;
    for (const [id, orb] of orbs) {
      const spot = (this.spots[n++] ??= { id, orb, x: 0, y: 0 });
      spot.id = id;
      spot.orb = orb;
      spot.x = orb.x;
      spot.y = orb.y;
    }
    let awarded = 0;
    for (const player of players) {
      this.at.x = player.x;
      this.at.y = player.y;
      for (let i = 0; i < n; i++) {
        const spot = this.spots[i]!;
        if (spot.orb === undefined || !touches(this.at, spot)) continue;
        player.score += spot.orb.value;
        awarded += spot.orb.value;
        orbs.delete(spot.id);
        spot.orb = undefined;
      }
    }
    for (let i = 0; i < n; i++) this.spots[i]!.orb = undefined;
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
