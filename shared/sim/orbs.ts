import {
  ARENA_HEIGHT_UNITS,
  ARENA_WIDTH_UNITS,
  GOLD_ORB_CHANCE,
  GOLD_ORB_VALUE_POINTS,
  ORB_RADIUS_UNITS,
  ORB_SPAWN_CLEARANCE_UNITS,
  ORB_VALUE_POINTS,
  PLAYER_RADIUS_UNITS,
} from "./constants.js";
import type { Rng } from "./rng.js";
import type { Position } from "./step.js";

export interface OrbLike extends Position {
  value: number;
}

const TOUCH_DISTANCE_SQ = (PLAYER_RADIUS_UNITS + ORB_RADIUS_UNITS) * (PLAYER_RADIUS_UNITS + ORB_RADIUS_UNITS);

/** True when a player's circle touches an orb. */
export function touches(player: Position, orb: Position): boolean {
  const dx = player.x - orb.x;
  const dy = player.y - orb.y;
  return dx * dx + dy * dy <= TOUCH_DISTANCE_SQ;
}

/** Picks the value of a new orb: mostly normal, sometimes gold. */
export function rollOrbValue(rng: Rng): number {
  return rng() < GOLD_ORB_CHANCE ? GOLD_ORB_VALUE_POINTS : ORB_VALUE_POINTS;
}

/**
 * Finds a free spot for a new orb or player: at least `margin` inside the arena walls and the
 * spawn clearance away from every given body. Tries a bounded number of random spots, then
 * accepts the last one (a crowded arena must not stall the tick). Coordinates are whole units.
 */
export function findFreeSpot(rng: Rng, occupied: Iterable<Position>, margin = ORB_RADIUS_UNITS * 2, attempts = 24): Position {
  const clearanceSq = ORB_SPAWN_CLEARANCE_UNITS ** 2;
  const bodies = Array.from(occupied);
  let spot: Position = { x: 0, y: 0 };
  for (let i = 0; i < attempts; i++) {
    spot = {
      x: Math.round(margin + rng() * (ARENA_WIDTH_UNITS - 2 * margin)),
      y: Math.round(margin + rng() * (ARENA_HEIGHT_UNITS - 2 * margin)),
    };
    if (bodies.every((b) => (b.x - spot.x) * (b.x - spot.x) + (b.y - spot.y) * (b.y - spot.y) >= clearanceSq)) return spot;
  }
  return spot;
}
