import { ROUND_PHASE } from "../../../shared/schema/state.js";
import type { OrbLike } from "../../../shared/sim/orbs.js";
import { stepPlayer, type MoveIntent } from "../../../shared/sim/step.js";
import type { InputBudget } from "./inputBudget.js";
import type { OrbField, Scorer } from "./orbField.js";
import { advanceRound, type RoundClock, type RoundEvent, type RoundTiming } from "./round.js";

/**
 * What the arena's rules read and write, as shapes: the schema ArenaState satisfies them, and so does
 * a room on plain objects (the benchmark's baselines run these same rules on one).
 */
export interface ArenaWorldState<P extends Scorer = Scorer> extends RoundClock {
  players: Map<string, P>;
  orbs: Map<string, OrbLike>;
}

/** A player's buffered inputs, oldest first (Colyseus' input accessor satisfies it). */
export interface InputQueue {
  readonly size: number;
  next(): MoveIntent | undefined;
}

export interface TickWorld<P extends Scorer = Scorer> {
  state: ArenaWorldState<P>;
  orbs: OrbField;
  budgets: Map<string, InputBudget>;
  inputsOf: (sessionId: string) => InputQueue;
}

/**
 * One fixed step of the arena: apply each player's inputs (at most what the budget allows,
 * one shared step per input, the same step the client predicts with), collect and refill orbs
 * while a round is on, then advance the round clock. Returns the round event, if any, and the inputs applied.
 */
export function tickArena(world: TickWorld, dtSeconds: number, now: number, timing: RoundTiming): { event: RoundEvent; inputsApplied: number } {
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

  if (state.phase === ROUND_PHASE.PLAYING) {
    world.orbs.collect(state.orbs, state.players.values());
  }
  world.orbs.refill(state.orbs, state.players.values());

  const event = advanceRound(state, now, state.players.size, timing);
  if (event === "started") {
    for (const player of state.players.values()) player.score = 0;
  }
  return { event, inputsApplied };
}
