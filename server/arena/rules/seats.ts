import { InputBudget } from "./inputBudget.js";
import type { ArenaBody, TickWorld } from "../../../shared/sim/arenaTick.js";

/** A joining player takes a seat: in the state, with an input budget of its own (the tick spends it). */
export function seatPlayer<P extends ArenaBody>(world: TickWorld<P>, sessionId: string, player: P): P {
  world.state.players.set(sessionId, player);
  world.budgets.set(sessionId, new InputBudget());
  return player;
}

/** A leaving player's seat is freed: out of the state, budget gone. */
export function unseatPlayer(world: TickWorld, sessionId: string): void {
  world.state.players.delete(sessionId);
  world.budgets.delete(sessionId);
  world.hitImmunity?.delete(sessionId);
}
