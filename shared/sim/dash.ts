import {
  ARENA_HEIGHT_UNITS,
  ARENA_WIDTH_UNITS,
  DASH_COOLDOWN_STEPS,
  DASH_DURATION_STEPS,
  DASH_KNOCK_POINTS,
  DASH_KNOCKBACK_UNITS,
  DASH_SPEED_MULTIPLIER,
  PLAYER_RADIUS_UNITS,
} from "./constants.js";
import { clamp, stepPlayer, toAxis, type MoveIntent, type Position } from "./step.js";

/** A body that can dash: its position and its two dash counters (both synchronized, so the client predicts them). */
export interface Dasher extends Position {
  /** Steps of the current dash left (0: walking). */
  dashSteps: number;
  /** Steps until the next dash may start (0: ready). */
  dashCooldown: number;
}

/** One movement input of the arena: the axes, and `dash` (1 = start a dash now, if ready). */
export interface DashIntent extends MoveIntent {
  dash?: number;
}

/**
 * One arena movement step: a dash starts when asked for, ready (cooldown 0) and moving; while it
 * lasts the body moves DASH_SPEED_MULTIPLIER times faster. Counters advance once per step, so
 * server and predictor agree input for input. Returns true when this step was a dashing one.
 */
export function stepDasher(p: Dasher, input: DashIntent, dtSeconds: number): boolean {
  if (p.dashSteps > 0) p.dashSteps--;
  if (p.dashCooldown > 0) p.dashCooldown--;
  const moving = toAxis(input.dx) !== 0 || toAxis(input.dy) !== 0;
  if (input.dash === 1 && p.dashCooldown === 0 && moving) {
    p.dashSteps = DASH_DURATION_STEPS;
    p.dashCooldown = DASH_COOLDOWN_STEPS;
  }
  const dashing = p.dashSteps > 0;
  stepPlayer(p, input, dtSeconds, dashing ? DASH_SPEED_MULTIPLIER : 1);
  return dashing;
}

/** A player a dash can hit. */
export interface Bumpable extends Position {
  score: number;
}

/** What a hit did: how many points fell out of the player hit, and where it stood. */
export interface Bump {
  points: number;
  at: Position;
}

const HIT_DISTANCE = 2 * PLAYER_RADIUS_UNITS;

/**
 * A dashing body `from` touching `target` shoves it DASH_KNOCKBACK_UNITS straight away (kept inside
 * the arena) and knocks up to DASH_KNOCK_POINTS of its score out. Returns the bump, or undefined
 * when they do not touch. Authority only: the server decides hits on its own positions.
 */
export function bump(from: Position, target: Bumpable): Bump | undefined {
  const dx = target.x - from.x;
  const dy = target.y - from.y;
  const d = Math.sqrt(dx * dx + dy * dy); // sqrt is exact in every engine (IEEE 754); hypot is not
  if (d >= HIT_DISTANCE) return undefined;
  const at = { x: target.x, y: target.y };
  const [ux, uy] = d > 0 ? [dx / d, dy / d] : [1, 0];
  target.x = clamp(target.x + ux * DASH_KNOCKBACK_UNITS, PLAYER_RADIUS_UNITS, ARENA_WIDTH_UNITS - PLAYER_RADIUS_UNITS);
  target.y = clamp(target.y + uy * DASH_KNOCKBACK_UNITS, PLAYER_RADIUS_UNITS, ARENA_HEIGHT_UNITS - PLAYER_RADIUS_UNITS);
  const points = Math.min(target.score, DASH_KNOCK_POINTS);
  target.score -= points;
  return { points, at };
}

/**
 * Unit directions of the knocked-out orbs for 1..DASH_KNOCK_POINTS orbs: evenly on a ring, the first at
 * 45°. Literal numbers, not cosines computed at run time: a replay re-simulated in another engine must get
 * the very same bits (docs/decisions/0012-deterministic-replays.md).
 */
const SPILL_DIRECTIONS: readonly (readonly [number, number])[][] = [
  [],
  [[0.7071067811865476, 0.7071067811865475]],
  [[0.7071067811865476, 0.7071067811865475], [-0.7071067811865477, -0.7071067811865475]],
  [[0.7071067811865476, 0.7071067811865475], [-0.9659258262890682, 0.258819045102521], [0.2588190451025203, -0.9659258262890684]],
];

/** Where the knocked-out orbs fall: evenly on a ring around `at`, inside the arena (whole units); at most DASH_KNOCK_POINTS. */
export function spillSpots(at: Position, count: number, radius = 2 * PLAYER_RADIUS_UNITS + 10): Position[] {
  const directions = SPILL_DIRECTIONS[Math.min(count, DASH_KNOCK_POINTS)] ?? [];
  return directions.map(([ux, uy]) => ({
    x: Math.round(clamp(at.x + ux * radius, 16, ARENA_WIDTH_UNITS - 16)),
    y: Math.round(clamp(at.y + uy * radius, 16, ARENA_HEIGHT_UNITS - 16)),
  }));
}
