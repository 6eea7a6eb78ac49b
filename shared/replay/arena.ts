/**
 * Replays of the arena: the snapshot a round starts from, what a join records, the state hash,
 * and the re-simulation (the arena's own tick on its own schema state, so positions are
 * quantized exactly as the room's are). The server captures with the first three; the verifier
 * and the browser's viewer run `arenaReplay.start(snapshot)`.
 */
import { z } from "zod";
import { ArenaState, Orb, Player, ROUND_PHASE } from "../schema/state.js";
import { tickArena, type InputQueue, type StepBudget, type TickWorld } from "../sim/arenaTick.js";
import { TICK_RATE_HZ } from "../sim/constants.js";
import type { DashIntent } from "../sim/dash.js";
import { OrbField } from "../sim/orbField.js";
import { createRng, type SeededRng } from "../sim/rng.js";
import { ReplayError } from "./errors.js";
import type { ReplayGame, ReplaySim } from "./game.js";
import { StateHash } from "./hash.js";
import { inputOfCode } from "./inputCode.js";

/** Bumped whenever a change to the arena's step would re-simulate an old recording differently. */
export const ARENA_RULES_VERSION = 1;

const num = z.number().finite();
const count = z.number().int().min(0).max(65535);
const joinRecord = z.object({
  name: z.string().max(64),
  x: num,
  y: num,
  score: count,
  hue: z.number().int().min(0).max(255),
  dashSteps: z.number().int().min(0).max(255),
  dashCooldown: z.number().int().min(0).max(255),
  bot: z.boolean(),
});
export type ArenaJoinRecord = z.infer<typeof joinRecord>;
const snapshotSchema = z.object({
  players: z.array(joinRecord.extend({ slot: count })).max(256),
  orbs: z.array(z.tuple([z.number().int().min(0), num, num, count])).max(10_000),
  nextOrbId: z.number().int().min(1),
  rng: z.number().int().min(0).max(0xffffffff),
  immunity: z.array(z.tuple([count, count])).max(256),
});
export type ArenaSnapshot = z.infer<typeof snapshotSchema>;

type PlayerFields = Omit<ArenaJoinRecord, "bot"> & { bot: boolean };

/** What a joining player records: its fields as spawned. */
export function arenaJoinRecord(p: PlayerFields): ArenaJoinRecord {
  return { name: p.name, x: p.x, y: p.y, score: p.score, hue: p.hue, dashSteps: p.dashSteps, dashCooldown: p.dashCooldown, bot: p.bot };
}

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
    players: [...state.players].map(([sid, p]) => ({ slot: slotOf(sid), ...arenaJoinRecord(p) })),
    orbs: [...state.orbs].map(([id, o]) => [Number(id.slice(1)), o.x, o.y, o.value]),
    nextOrbId,
    rng,
    immunity: [...(immunity ?? [])].map(([sid, ticks]) => [slotOf(sid), ticks]),
  };
}

/** The hash of what the arena's step reads and writes: every player's and orb's numbers in map order, and the generator. */
export function arenaHash(state: { players: Map<string, PlayerFields>; orbs: Map<string, { x: number; y: number; value: number }> }, rng: number): number {
  const h = new StateHash().int(state.players.size).int(state.orbs.size).int(rng);
  for (const p of state.players.values()) h.number(p.x).number(p.y).int(p.score).int(p.dashSteps).int(p.dashCooldown);
  for (const o of state.orbs.values()) h.number(o.x).number(o.y).int(o.value);
  return h.value;
}

const GRANT_ALL: StepBudget = { grant: (n) => n };

/** One player's recorded inputs of one step, as the tick reads them. */
class RecordedInputs implements InputQueue {
  codes: readonly number[] = [];
  private i = 0;
  reset(codes: readonly number[]): void {
    this.codes = codes;
    this.i = 0;
  }
  get size(): number {
    return this.codes.length - this.i;
  }
  next(): DashIntent | undefined {
    return this.i < this.codes.length ? inputOfCode(this.codes[this.i++]!) : undefined;
  }
}

class ArenaReplaySim implements ReplaySim<ArenaState> {
  readonly state = new ArenaState();
  private rng: SeededRng;
  private readonly orbs: OrbField;
  private readonly queues = new Map<string, RecordedInputs>();
  private readonly world: TickWorld<Player>;
  private readonly dt = 1 / TICK_RATE_HZ;

  constructor(snap: ArenaSnapshot) {
    this.rng = createRng(snap.rng);
    this.orbs = new OrbField(() => this.rng(), (o) => new Orb(o), snap.nextOrbId);
    this.state.phase = ROUND_PHASE.PLAYING;
    this.state.phaseEndsAt = Number.MAX_VALUE; // the recording says when the round ends, not a clock
    for (const p of snap.players) this.join(p.slot, p);
    for (const [id, x, y, value] of snap.orbs) this.state.orbs.set(`o${id}`, new Orb({ x, y, value }));
    this.world = {
      state: this.state,
      orbs: this.orbs,
      budgets: new Map(),
      inputsOf: (sid) => this.queues.get(sid) ?? new RecordedInputs(),
      hitImmunity: new Map(snap.immunity.map(([slot, ticks]) => [`s${slot}`, ticks])),
    };
    for (const sid of this.state.players.keys()) this.world.budgets.set(sid, GRANT_ALL);
  }

  get seated(): number {
    return this.state.players.size;
  }

  join(slot: number, record: unknown): void {
    const parsed = joinRecord.safeParse(record);
    if (!parsed.success) throw new ReplayError("CORRUPT", `a malformed join record for seat ${slot}`);
    const sid = `s${slot}`;
    if (this.state.players.has(sid)) throw new ReplayError("CORRUPT", `seat ${slot} joins twice`);
    this.state.players.set(sid, new Player({ ...parsed.data, connected: true }));
    this.queues.set(sid, new RecordedInputs());
    this.world?.budgets.set(sid, GRANT_ALL);
  }

  leave(slot: number): void {
    const sid = `s${slot}`;
    if (!this.state.players.delete(sid)) throw new ReplayError("CORRUPT", `seat ${slot} leaves but is not seated`);
    this.queues.delete(sid);
    this.world.budgets.delete(sid);
  }

  setRng(state: number): void {
    this.rng = createRng(state);
  }

  step(inputs: readonly (readonly number[])[]): void {
    let k = 0;
    for (const sid of this.state.players.keys()) this.queues.get(sid)!.reset(inputs[k++] ?? []);
    tickArena(this.world, this.dt, 0, { roundMs: 0, intermissionMs: 0 });
  }

  hash(): number {
    return arenaHash(this.state, this.rng.state());
  }

  save(): ArenaSnapshot {
    return arenaSnapshot({
      state: this.state,
      slotOf: (sid) => Number(sid.slice(1)),
      nextOrbId: this.orbs.nextOrbId,
      rng: this.rng.state(),
      immunity: this.world.hitImmunity,
    });
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
