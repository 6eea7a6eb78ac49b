/**
 * Replays of King of the Hill: its snapshot (the seats, the hill, the generator), its state hash and
 * its re-simulation on its own schema state with its own tick. Its step reads the room clock (the
 * hill jumps every HILL_MOVE_MS), so the game declares `clock` and the recorder writes the clock of
 * every step; the king is recorded as a seat position, not a session id.
 */
import { z } from "zod";
import { Hill, HillState } from "../schema/hill.js";
import { ROUND_PHASE } from "../schema/state.js";
import { TICK_RATE_HZ } from "../sim/constants.js";
import { tickHill, type HillWorld } from "../sim/hillTick.js";
import { ReplayError } from "./errors.js";
import type { ReplayGame, ReplaySim } from "./game.js";
import { StateHash } from "./hash.js";
import { count, joinRecordOf, ReplaySeats, seatsOf, seatsSchema } from "./seats.js";

/** Bumped whenever a change to the hill's step would re-simulate an old recording differently. */
export const HILL_RULES_VERSION = 1;

const num = z.number().finite();
const snapshotSchema = z.object({
  players: seatsSchema,
  hill: z.object({ x: num, y: num, movesAt: num, king: z.number().int().min(-1).max(255), charge: count, contested: z.boolean() }),
  rng: z.number().int().min(0).max(0xffffffff),
});
export type HillSnapshot = z.infer<typeof snapshotSchema>;

/** What a joining contender records: the arena's player fields (the hill seats the same Player). */
export const hillJoinRecord = joinRecordOf;

/** Position of the king among the seats (map order), -1 for none: the same in the room and in a re-simulation. */
function kingIndex(state: HillState): number {
  if (!state.hill.king) return -1;
  let i = 0;
  for (const sid of state.players.keys()) {
    if (sid === state.hill.king) return i;
    i++;
  }
  return -1;
}

export function hillSnapshot(state: HillState, slotOf: (sessionId: string) => number, rng: number): HillSnapshot {
  const h = state.hill;
  return { players: seatsOf(state.players, slotOf), hill: { x: h.x, y: h.y, movesAt: h.movesAt, king: kingIndex(state), charge: h.charge, contested: h.contested }, rng };
}

export function hillHash(state: HillState, rng: number): number {
  const h = new StateHash().int(state.players.size).int(rng);
  for (const p of state.players.values()) h.number(p.x).number(p.y).int(p.score);
  const hill = state.hill;
  return h.number(hill.x).number(hill.y).number(hill.movesAt).int(kingIndex(state) + 1).int(hill.charge).int(hill.contested ? 1 : 0).value;
}

class HillReplaySim implements ReplaySim<HillState> {
  readonly state = new HillState();
  private readonly seats: ReplaySeats;
  private readonly world: HillWorld;

  constructor(snap: HillSnapshot) {
    this.seats = new ReplaySeats(this.state.players, snap.rng);
    this.state.phase = ROUND_PHASE.PLAYING;
    this.state.phaseEndsAt = Number.MAX_VALUE; // the recording says when the round ends
    this.world = { state: this.state, rng: this.seats.random, budgets: this.seats.budgets, inputsOf: this.seats.inputsOf };
    for (const p of snap.players) this.seats.join(p.slot, p);
    const { king, ...hill } = snap.hill;
    this.state.hill = new Hill({ ...hill, king: king >= 0 ? ([...this.state.players.keys()][king] ?? "") : "" });
  }

  get seated(): number {
    return this.state.players.size;
  }

  join(slot: number, record: unknown): void {
    this.seats.join(slot, record);
  }

  leave(slot: number): void {
    this.seats.leave(slot);
  }

  setRng(state: number): void {
    this.seats.setRng(state);
  }

  step(inputs: readonly (readonly number[])[], nowMs: number): void {
    this.seats.load(inputs);
    tickHill(this.world, 1 / TICK_RATE_HZ, nowMs, { roundMs: 0, intermissionMs: 0 });
  }

  hash(): number {
    return hillHash(this.state, this.seats.rng.state());
  }

  save(): HillSnapshot {
    return hillSnapshot(this.state, ReplaySeats.slotOf, this.seats.rng.state());
  }
}

export const hillReplay: ReplayGame<HillState> = {
  kind: "hill",
  rules: HILL_RULES_VERSION,
  hz: TICK_RATE_HZ,
  clock: true,
  start(snapshot) {
    const parsed = snapshotSchema.safeParse(snapshot);
    if (!parsed.success) throw new ReplayError("CORRUPT", `the hill snapshot is malformed (${parsed.error.issues[0]?.path.join(".") || "root"})`);
    return new HillReplaySim(parsed.data);
  },
};
