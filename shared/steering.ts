import { toAxis, type MoveIntent, type Position } from "./sim/step.js";

/**
 * Steering: how a bot chooses its next input, pure and on structural types. The headless Bot
 * library (bots/steering.ts) and the server's seat-filling bots both steer with these.
 */

/** Heads for the nearest orb (8-way), or stands still when there is none. */
export function nearestOrbIntent(me: Position, state: { orbs: { values(): Iterable<Position> } }): MoveIntent {
  let best: Position | undefined;
  let bestDistance = Infinity;
  for (const orb of state.orbs.values()) {
    const d = (orb.x - me.x) ** 2 + (orb.y - me.y) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = orb;
    }
  }
  if (!best) return { dx: 0, dy: 0 };
  const dx = best.x - me.x;
  const dy = best.y - me.y;
  // Dead zone of a few units per axis so the bot does not jitter around an aligned orb.
  return { dx: Math.abs(dx) > 4 ? toAxis(dx) : 0, dy: Math.abs(dy) > 4 ? toAxis(dy) : 0 };
}

/** Straight for the hill's centre (each axis -1, 0 or 1), still once within a few units of it (King of the Hill). */
export function towardHill(me: Position, hill: Position): MoveIntent {
  const axis = (d: number) => (Math.abs(d) < 8 ? 0 : Math.sign(d));
  return { dx: axis(hill.x - me.x), dy: axis(hill.y - me.y) };
}
