import { ROUND_PHASE } from "../schema/state.js";
import type { OrbLike } from "./orbs.js";
import { DASH_HIT_IMMUNITY_TICKS } from "./constants.js";
import { bump, spillSpots, stepDasher, type DashIntent, type Dasher } from "./dash.js";
import type { OrbField, Scorer } from "./orbField.js";
import { advanceRound, type RoundClock, type RoundEvent, type RoundTiming } from "./round.js";

/** How many of a player's buffered inputs a tick may apply (the server's InputBudget; a replay grants what was recorded). */
export interface StepBudget {
  grant(buffered: number): number;
}

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
  next(): DashIntent | undefined;
}

/** What the arena steps: a scorer that can dash. */
export type ArenaBody = Scorer & Dasher;

export interface TickWorld<P extends ArenaBody = ArenaBody> {
  state: ArenaWorldState<P>;
  orbs: OrbField;
  budgets: Map<string, StepBudget>;
  inputsOf: (sessionId: string) => InputQueue;
  /** Who was hit by a dash lately: sessionId → ticks of immunity left (the room's; starts empty). */
  hitImmunity?: Map<string, number>;
}

/**
 * One fixed step of the arena: apply each player's inputs (at most what the budget allows,
 * one shared step per input, the same step the client predicts with), collect and refill orbs
 * while a round is on, then advance the round clock. Returns the round event, if any, and the inputs applied.
 */
export function tickArena(world: TickWorld, dtSeconds: number, now: number, timing: RoundTiming): { event: RoundEvent; inputsApplied: number; bumps: number } {
  const { state } = world;
  let inputsApplied = 0;
  let dashers: string[] | undefined;
  for (const [sessionId, player] of state.players) {
    const channel = world.inputsOf(sessionId);
    const granted = world.budgets.get(sessionId)?.grant(channel.size) ?? 0;
    let dashed = false;
    for (let i = 0; i < granted; i++) {
      const input = channel.next();
      if (!input) break;
      if (stepDasher(player, input, dtSeconds)) dashed = true;
      inputsApplied++;
    }
    if (dashed) (dashers ??= []).push(sessionId);
  }

  const playing = state.phase === ROUND_PHASE.PLAYING;
  const bumps = dashers && playing ? resolveDashHits(world, dashers) : 0;
  if (world.hitImmunity) for (const [id, left] of world.hitImmunity) left <= 1 ? world.hitImmunity.delete(id) : world.hitImmunity.set(id, left - 1);
  if (playing) {
    world.orbs.collect(state.orbs, state.players.values());
  }
  world.orbs.refill(state.orbs, state.players.values());

  const event = advanceRound(state, now, state.players.size, timing);
  if (event === "started") {
    for (const player of state.players.values()) player.score = 0;
  }
  return { event, inputsApplied, bumps };
}

/**
 * Each player who dashed this tick hits every other player it touches (once per immunity window):
 * the one hit is shoved away and up to DASH_KNOCK_POINTS of its score fall around it as orbs.
 * Decided here, on the server's positions; the dasher's own movement is the predicted step.
 */
function resolveDashHits(world: TickWorld, dashers: readonly string[]): number {
  const immunity = (world.hitImmunity ??= new Map());
  let hits = 0;
  for (const id of dashers) {
    const from = world.state.players.get(id);
    if (!from) continue;
    for (const [targetId, target] of world.state.players) {
      if (targetId === id || immunity.has(targetId)) continue;
      const hit = bump(from, target);
      if (!hit) continue;
      hits++;
      immunity.set(targetId, DASH_HIT_IMMUNITY_TICKS);
      if (hit.points > 0) world.orbs.drop(world.state.orbs, spillSpots(hit.at, hit.points));
    }
  }
  return hits;
}
