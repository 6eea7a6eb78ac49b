import type { HillState } from "../schema/hill.js";
import { ROUND_PHASE } from "../schema/state.js";
import { moveHill, stepHill, vacateHill } from "./hill.js";
import type { Rng } from "./rng.js";
import { stepPlayer } from "./step.js";

import { advanceRound, type RoundEvent, type RoundTiming } from "./round.js";
import type { InputQueue, StepBudget } from "./arenaTick.js";

export interface HillWorld {
  state: HillState;
  rng: Rng;
  budgets: Map<string, StepBudget>;
  inputsOf: (sessionId: string) => InputQueue;
}

/**
 * One fixed step of King of the Hill: each player's inputs (at most what its budget allows, one
 * shared step per input: the step the client predicts with), then the hill's rules while a round
 * is on, then the round clock (the arena's timed rounds). A new round resets scores and moves the
 * hill. Returns the round event, if any, the inputs applied, and who scored this step ("" if none).
 */
export function tickHill(world: HillWorld, dtSeconds: number, now: number, timing: RoundTiming): { event: RoundEvent; inputsApplied: number; scored: string } {
  const { state } = world;
  let inputsApplied = 0;
  for (const [sessionId, player] of state.players) {
    const channel = world.inputsOf(sessionId);
    const granted = world.budgets.get(sessionId)?.grant(channel.size) ?? 0;
    for (let i = 0; i < granted; i++) {
      const input = channel.next();
      if (!input) break;
      stepPlayer(player, input, dtSeconds);
      inputsApplied++;
    }
  }

  let scored = "";
  if (state.phase === ROUND_PHASE.PLAYING) scored = stepHill(state.hill, state.players, now, world.rng).scored;
  else vacateHill(state.hill);

  const event = advanceRound(state, now, state.players.size, timing);
  if (event === "started") {
    for (const player of state.players.values()) player.score = 0;
    moveHill(state.hill, world.rng, now);
  }
  return { event, inputsApplied, scored };
}
