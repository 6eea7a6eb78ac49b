import { MapSchema } from "@colyseus/schema";
import type { ArenaState, Player } from "../shared/schema/state.js";
import type { MoveIntent } from "../shared/sim/step.js";
import { nearestOrbIntent as nearestOrb, towardHill } from "../shared/steering.js";

/** Chooses the next input for a bot from its own player and the room state. */
export type Steering<S = ArenaState> = (me: Player, state: S) => MoveIntent;

/** Heads for the nearest orb (8-way), or stands still when there is none (shared/steering.ts: the server's bots steer the same). */
export const nearestOrbIntent: Steering<Pick<ArenaState, "orbs">> = (me, state) => nearestOrb(me, state);

/** `nearestOrbIntent` in a room whose state has orbs; stands still in any other. */
export function orbSteering(me: Player, state: object): MoveIntent {
  return hasOrbs(state) ? nearestOrbIntent(me, state) : { dx: 0, dy: 0 };
}

function hasOrbs(state: object): state is Pick<ArenaState, "orbs"> {
  return "orbs" in state && state.orbs instanceof MapSchema;
}

export { towardHill };

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
