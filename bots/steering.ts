import { MapSchema } from "@colyseus/schema";
import type { ArenaState, Player } from "../shared/schema/state.js";
import { toAxis, type MoveIntent, type Position } from "../shared/sim/step.js";

/** Chooses the next input for a bot from its own player and the room state. */
export type Steering<S = ArenaState> = (me: Player, state: S) => MoveIntent;

/** Heads for the nearest orb (8-way), or stands still when there is none. */
export const nearestOrbIntent: Steering<Pick<ArenaState, "orbs">> = (me, state) => {
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
};

/** `nearestOrbIntent` in a room whose state has orbs; stands still in any other. */
export function orbSteering(me: Player, state: object): MoveIntent {
  return hasOrbs(state) ? nearestOrbIntent(me, state) : { dx: 0, dy: 0 };
}

function hasOrbs(state: object): state is Pick<ArenaState, "orbs"> {
  return "orbs" in state && state.orbs instanceof MapSchema;
}

/** Keeps a random 8-way direction for a while, then picks another. */
export function randomWalk(random: () => number = Math.random, holdTicks = 30): Steering<unknown> {
  let intent: MoveIntent = { dx: 0, dy: 0 };
  let left = 0;
  return () => {
    if (left-- <= 0) {
      intent = { dx: Math.floor(random() * 3) - 1, dy: Math.floor(random() * 3) - 1 };
      left = holdTicks;
    }
    return intent;
  };
}
