import { ORB_TARGET_COUNT, ORB_VALUE_POINTS } from "./constants.js";
import { findFreeSpot, rollOrbValue, touches, type OrbLike } from "./orbs.js";
import type { Rng } from "./rng.js";
import type { Position } from "./step.js";

export interface Scorer extends Position {
  score: number;
}

/**
 * Authority-only orb rules over plain maps (the schema maps satisfy these shapes):
 * collection awards the orb's value to whoever touches it first (map order breaks ties),
 * and the field is topped up to ORB_TARGET_COUNT at free spots.
 */
export class OrbField {
  constructor(
    private readonly rng: Rng,
    private readonly create: (orb: OrbLike) => OrbLike,
    /** The number in the next orb's id (`o<n>`): a replay resumes a field where the room left it. */
    private nextId = 1,
  ) {}

  /** The number the next orb's id will carry. */
  get nextOrbId(): number {
    return this.nextId;
  }

  /**
   * The orbs as plain positions. Orbs never move, and only this field adds or removes them, so the
   * copy is rebuilt only after a change (or if the map's size says something else changed it):
   * schema map iteration and field reads were the largest item of the tick in `node --cpu-prof`.
   */
  private readonly spots: Array<{ id: string; orb: OrbLike | undefined; x: number; y: number }> = [];
  private count = 0;
  private stale = true;
  private readonly at: Position = { x: 0, y: 0 };

  /** Removes touched orbs and credits their value; returns the points awarded this call. */
  collect(orbs: Map<string, OrbLike>, players: Iterable<Scorer>): number {
    this.sync(orbs);
    const n = this.count;
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
        this.stale = true;
      }
    }
    return awarded;
  }

  private sync(orbs: Map<string, OrbLike>): void {
    if (!this.stale && orbs.size === this.count) return;
    let n = 0;
    for (const [id, orb] of orbs) {
      const spot = (this.spots[n++] ??= { id, orb, x: 0, y: 0 });
      spot.id = id;
      spot.orb = orb;
      spot.x = orb.x;
      spot.y = orb.y;
    }
    for (let i = n; i < this.spots.length; i++) this.spots[i]!.orb = undefined;
    this.count = n;
    this.stale = false;
  }

  /** Adds 1-point orbs at the given spots (points knocked out of a player); they count over the target until eaten. */
  drop(orbs: Map<string, OrbLike>, spots: readonly Position[]): void {
    for (const spot of spots) orbs.set(`o${this.nextId++}`, this.create({ x: spot.x, y: spot.y, value: ORB_VALUE_POINTS }));
    this.stale = true;
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
    this.stale = true;
  }
}
