import {
  ARENA_HEIGHT_UNITS,
  ARENA_WIDTH_UNITS,
  PLAYER_RADIUS_UNITS,
  PLAYER_SPEED_UNITS_PER_S,
} from "./constants.js";

/** Anything with a position: a schema Player, a predicted copy, a test object. */
export interface Position {
  x: number;
  y: number;
}

/** One movement input: each axis is -1, 0 or 1. */
export interface MoveIntent {
  dx: number;
  dy: number;
}

const DIAGONAL = Math.SQRT1_2;

/** Clamps an axis value to -1, 0 or 1 (NaN and anything odd become 0). */
export function toAxis(v: number): -1 | 0 | 1 {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/**
 * Advances one body by one fixed step: 8-way movement at constant max speed, diagonals
 * normalized, the circle kept inside the arena. Pure: the server's fixed timestep and the
 * client's reconciler both call it with the same dt (one input = one step).
 */
export function stepPlayer(p: Position, input: MoveIntent, dtSeconds: number, speedScale = 1): void {
  const ax = toAxis(input.dx);
  const ay = toAxis(input.dy);
  if (ax === 0 && ay === 0) return;
  const scale = ax !== 0 && ay !== 0 ? DIAGONAL : 1;
  const distance = PLAYER_SPEED_UNITS_PER_S * speedScale * dtSeconds * scale;
  p.x = clamp(p.x + ax * distance, PLAYER_RADIUS_UNITS, ARENA_WIDTH_UNITS - PLAYER_RADIUS_UNITS);
  p.y = clamp(p.y + ay * distance, PLAYER_RADIUS_UNITS, ARENA_HEIGHT_UNITS - PLAYER_RADIUS_UNITS);
}

export function clamp(v: number, min: number, max: number): number {
  return v < min ? min : v > max ? max : v;
}
