/**
 * Replays of the arena: the snapshot a round starts from, the state hash, and the re-simulation
 * (the arena's own tick on its own schema state, so positions are quantized exactly as the room's
 * are). The server captures with the first two; the verifier and the browser's viewer run
 * `arenaReplay.start(snapshot)`.
 */
import { z } from "zod";
import { ArenaState, Orb, ROUND_PHASE } from "../schema/state.js";
import { tickArena, type TickWorld } from "../sim/arenaTick.js";
import { TICK_RATE_HZ } from "../sim/constants.js";
import { OrbField } from "../sim/orbField.js";
import type { Player } from "../schema/state.js";
import { ReplayError } from "./errors.js";
import { MAX_SEATS } from "./format.js";
import type { ReplayGame, ReplaySim } from "./game.js";
import { StateHash } from "./hash.js";
import { count, joinRecordOf, ReplaySeats, seatsOf, seatsSchema, type JoinRecord } from "./seats.js";

/** Bumped whenever a change to the arena's step would re-simulate an old recording differently. */
export const ARENA_RULES_VERSION = 1;

const snapshotSchema = z.object({
  players: seatsSchema,
  /** The field holds ORB_TARGET_COUNT and the orbs knocked out of players until eaten: far fewer than this. */
  orbs: z.array(z.tuple([z.number().int().min(0), z.number().finite(), z.number().finite(), count])).max(300),
  nextOrbId: z.number().int().min(1),
  rng: z.number().int().min(0).max(0xffffffff),
  immunity: z.array(z.tuple([count, count])).max(MAX_SEATS),
});
export type ArenaSnapshot = z.infer<typeof snapshotSchema>;

/** What a joining arena player records. */
export const arenaJoinRecord = joinRecordOf;

export interface ArenaCapture {
  state: ArenaState;
  slotOf: (sessionId: string) => number;
  nextOrbId: number;
  rng: number;
  immunity?: ReadonlyMap<string, number>;
}

/** The room's state at a round's start, as a re-simulation needs it (seat order and orb order kept). */
export function arenaSnapshot({ state, slotOf, nextOrbId, rng, immunity }: ArenaCapture): ArenaSnapshot {
  return {
    players: seatsOf(state.players, slotOf),
    orbs: [...state.orbs].map(([id, o]) => [Number(id.slice(1)), o.x, o.y, o.value]),
    nextOrbId,
    rng,
    // Only seated players' immunity (a player who left keeps none: see unseatPlayer).
    immunity: [...(immunity ?? [])].map(([sid, ticks]): [number, number] => [slotOf(sid), ticks]).filter(([slot]) => slot >= 0),
  };
}

/** The hash of what the arena's step reads and writes: every player's and orb's numbers in map order, and the generator. */
export function arenaHash(state: { players: Map<string, JoinRecord>; orbs: Map<string, { x: number; y: number; value: number }> }, rng: number): number {
  const h = new StateHash().int(state.players.size).int(state.orbs.size).int(rng);
  for (const p of state.players.values()) h.number(p.x).number(p.y).int(p.score).int(p.dashSteps).int(p.dashCooldown);
  for (const o of state.orbs.values()) h.number(o.x).number(o.y).int(o.value);
  return h.value;
}

class ArenaReplaySim implements ReplaySim<ArenaState> {
  readonly state = new ArenaState();
  private readonly seats: ReplaySeats;
  private readonly orbs: OrbField;
  private readonly world: TickWorld<Player>;

  constructor(snap: ArenaSnapshot) {
    this.seats = new ReplaySeats(this.state.players, snap.rng);
    this.orbs = new OrbField(this.seats.random, (o) => new Orb(o), snap.nextOrbId);
    this.state.phase = ROUND_PHASE.PLAYING;
    this.state.phaseEndsAt = Number.MAX_VALUE; // the recording says when the round ends, not a clock
    for (const p of snap.players) this.seats.join(p.slot, p);
    for (const [id, x, y, value] of snap.orbs) this.state.orbs.set(`o${id}`, new Orb({ x, y, value }));
    this.world = {
      state: this.state,
      orbs: this.orbs,
      budgets: this.seats.budgets,
      inputsOf: this.seats.inputsOf,
      hitImmunity: new Map(snap.immunity.map(([slot, ticks]) => [`s${slot}`, ticks])),
    };
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

  step(inputs: readonly (readonly number[])[]): void {
    this.seats.load(inputs);
    tickArena(this.world, 1 / TICK_RATE_HZ, 0, { roundMs: 0, intermissionMs: 0 });
  }

  hash(): number {
    return arenaHash(this.state, this.seats.rng.state());
  }

  save(): ArenaSnapshot {
    return arenaSnapshot({ state: this.state, slotOf: ReplaySeats.slotOf, nextOrbId: this.orbs.nextOrbId, rng: this.seats.rng.state(), immunity: this.world.hitImmunity });
  }
}

export const arenaReplay: ReplayGame<ArenaState> = {
  kind: "arena",
  rules: ARENA_RULES_VERSION,
  hz: TICK_RATE_HZ,
  start(snapshot) {
    const parsed = snapshotSchema.safeParse(snapshot);
    if (!parsed.success) throw new ReplayError("CORRUPT", `the arena snapshot is malformed (${parsed.error.issues[0]?.path.join(".") || "root"})`);
    return new ArenaReplaySim(parsed.data);
  },
};
