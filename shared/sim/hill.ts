/**
 * King of the Hill: the rules of the hill room, pure (the server runs them; the client draws the
 * hill and asks `isOnHill` of its predicted position). Movement is the shared step (step.ts):
 * this mode adds a zone and a way to score, nothing about how players move.
 *
 * A hill (a circle) stands somewhere on the arena floor and jumps elsewhere every HILL_MOVE_MS and
 * at the start of each round. A player alone on it is its king and charges it one step at a time;
 * a full charge (HILL_POINT_STEPS, one second) scores the king a point. Two or more players on it
 * contest it: nobody charges. A change of king, or a jump, empties the charge.
 */
import { ARENA_HEIGHT_UNITS, ARENA_WIDTH_UNITS, TICK_RATE_HZ } from "./constants.js";
import type { Rng } from "./rng.js";
import type { Position } from "./step.js";

/** Radius of the hill, in world units (a player's centre must be inside it). */
export const HILL_RADIUS_UNITS = 110;
/** The hill jumps to a new spot this often while a round is on, in milliseconds. */
export const HILL_MOVE_MS = 10_000;
/** Steps a king must hold the hill alone to score one point (one second). */
export const HILL_POINT_STEPS = TICK_RATE_HZ;
/** A new spot is at least this far from the old one, in world units (the hill really moves). */
export const HILL_MIN_JUMP_UNITS = 450;
/** Clearance between the hill's edge and the walls, in world units. */
export const HILL_WALL_MARGIN_UNITS = 30;
/** Most players in one hill room. */
export const HILL_MAX_PLAYERS = 12;

/** The hill as the rules see it (the schema `Hill` satisfies it). */
export interface HillZone extends Position {
  /** When the hill jumps next, in room-clock milliseconds. */
  movesAt: number;
  /** sessionId of the player alone on the hill, "" when nobody (or several) stand on it. */
  king: string;
  /** Steps the king has held the hill towards the next point (0..HILL_POINT_STEPS - 1). */
  charge: number;
  /** True when two or more players stand on the hill. */
  contested: boolean;
}

/** A player as the hill sees it: where it is and its score. */
export interface Contender extends Position {
  score: number;
}

const ON_HILL_SQ = HILL_RADIUS_UNITS ** 2;

/** True when a player's centre is on the hill. */
export function isOnHill(p: Position, hill: Position): boolean {
  const dx = p.x - hill.x;
  const dy = p.y - hill.y;
  return dx * dx + dy * dy <= ON_HILL_SQ;
}

/** Who holds the hill: the one player on it (`king`), or nobody; `contested` with two or more. */
export function hillHolder(players: Iterable<[string, Position]>, hill: Position): { king: string; contested: boolean } {
  let king = "";
  for (const [id, p] of players) {
    if (!isOnHill(p, hill)) continue;
    if (king !== "") return { king: "", contested: true };
    king = id;
  }
  return { king, contested: false };
}

/**
 * A spot for the hill: whole units, the whole circle inside the walls with a margin, and at least
 * HILL_MIN_JUMP_UNITS from `from` (bounded attempts; the last one is taken if none is that far).
 */
export function nextHillSpot(rng: Rng, from?: Position, attempts = 16): Position {
  const margin = HILL_RADIUS_UNITS + HILL_WALL_MARGIN_UNITS;
  let spot: Position = { x: ARENA_WIDTH_UNITS / 2, y: ARENA_HEIGHT_UNITS / 2 };
  for (let i = 0; i < attempts; i++) {
    spot = {
      x: Math.round(margin + rng() * (ARENA_WIDTH_UNITS - 2 * margin)),
      y: Math.round(margin + rng() * (ARENA_HEIGHT_UNITS - 2 * margin)),
    };
    if (!from || (spot.x - from.x) * (spot.x - from.x) + (spot.y - from.y) * (spot.y - from.y) >= HILL_MIN_JUMP_UNITS * HILL_MIN_JUMP_UNITS) return spot;
  }
  return spot;
}

/** Puts the hill on a new spot, due to move again HILL_MOVE_MS after `now`, with nobody on it yet. */
export function moveHill(hill: HillZone, rng: Rng, now: number): void {
  const spot = nextHillSpot(rng, hill);
  hill.x = spot.x;
  hill.y = spot.y;
  hill.movesAt = now + HILL_MOVE_MS;
  hill.king = "";
  hill.charge = 0;
  hill.contested = false;
}

/** Nobody holds the hill (between rounds): no king, no charge. */
export function vacateHill(hill: HillZone): void {
  hill.king = "";
  hill.charge = 0;
  hill.contested = false;
}

/**
 * One fixed step of a round in play: the hill jumps when due, its holder is found, and the king's
 * charge grows; a full charge scores the king a point. Returns the sessionId that scored this
 * step ("" if none) and whether the hill jumped.
 */
export function stepHill(hill: HillZone, players: Map<string, Contender>, now: number, rng: Rng): { scored: string; moved: boolean } {
  const moved = now >= hill.movesAt;
  if (moved) moveHill(hill, rng, now);
  const holder = hillHolder(players, hill);
  if (holder.king !== hill.king) hill.charge = 0;
  hill.king = holder.king;
  hill.contested = holder.contested;
  if (holder.king === "") {
    hill.charge = 0;
    return { scored: "", moved };
  }
  hill.charge += 1;
  if (hill.charge < HILL_POINT_STEPS) return { scored: "", moved };
  hill.charge = 0;
  const king = players.get(holder.king);
  if (king) king.score += 1;
  return { scored: holder.king, moved };
}
