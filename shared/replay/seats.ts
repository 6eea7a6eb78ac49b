/**
 * What every movement game's re-simulation shares: the seat record (the schema Player's fields as
 * spawned), the recorded inputs of one step as the tick's input queue, and the seats themselves
 * (join, leave, the generator), so a game's ReplaySim adds only its snapshot, its tick and its hash.
 */
import { z } from "zod";
import { Player } from "../schema/state.js";
import type { InputQueue, StepBudget } from "../sim/arenaTick.js";
import type { DashIntent } from "../sim/dash.js";
import { createRng, type SeededRng } from "../sim/rng.js";
import { ReplayError } from "./errors.js";
import { MAX_SEATS } from "./format.js";
import { inputOfCode } from "./inputCode.js";

const num = z.number().finite();
export const count = z.number().int().min(0).max(65535);

/** A seat as recorded when taken: the player's fields as spawned. */
export const joinRecordSchema = z.object({
  name: z.string().max(64),
  x: num,
  y: num,
  score: count,
  hue: z.number().int().min(0).max(255),
  dashSteps: z.number().int().min(0).max(255),
  dashCooldown: z.number().int().min(0).max(255),
  bot: z.boolean(),
});
export type JoinRecord = z.infer<typeof joinRecordSchema>;
/** The seats at a round's start, in seat order, each with its slot number. */
export const seatsSchema = z.array(joinRecordSchema.extend({ slot: count })).max(MAX_SEATS);

/** What a joining player records: its fields as spawned. */
export function joinRecordOf(p: JoinRecord): JoinRecord {
  return { name: p.name, x: p.x, y: p.y, score: p.score, hue: p.hue, dashSteps: p.dashSteps, dashCooldown: p.dashCooldown, bot: p.bot };
}

/** The seats in map order as a snapshot lists them. */
export function seatsOf(players: Map<string, JoinRecord>, slotOf: (sessionId: string) => number): Array<JoinRecord & { slot: number }> {
  return [...players].map(([sid, p]) => ({ slot: slotOf(sid), ...joinRecordOf(p) }));
}

/** The budget of a re-simulation: a step applies every input it recorded. */
const GRANT_ALL: StepBudget = { grant: (n) => n };

/** One player's recorded inputs of one step, as the tick reads them. */
class RecordedInputs implements InputQueue {
  private codes: readonly number[] = [];
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

/** Seats of a re-simulation: session ids are `s<slot>`; each seat has its recorded inputs and the grant-all budget. */
export class ReplaySeats {
  private readonly queues = new Map<string, RecordedInputs>();
  readonly budgets = new Map<string, StepBudget>();
  rng: SeededRng;

  constructor(
    private readonly players: Map<string, Player>,
    rngState: number,
  ) {
    this.rng = createRng(rngState);
  }

  /** The tick's input accessor. */
  readonly inputsOf = (sid: string): InputQueue => this.queues.get(sid) ?? new RecordedInputs();
  /** The tick's generator (it follows setRng). */
  readonly random = (): number => this.rng();

  join(slot: number, record: unknown): void {
    const parsed = joinRecordSchema.safeParse(record);
    if (!parsed.success) throw new ReplayError("CORRUPT", `a malformed join record for seat ${slot}`);
    const sid = `s${slot}`;
    if (this.players.has(sid)) throw new ReplayError("CORRUPT", `seat ${slot} joins twice`);
    if (this.players.size >= MAX_SEATS) throw new ReplayError("CORRUPT", `more than ${MAX_SEATS} seats`);
    this.players.set(sid, new Player({ ...parsed.data, connected: true }));
    this.queues.set(sid, new RecordedInputs());
    this.budgets.set(sid, GRANT_ALL);
  }

  leave(slot: number): void {
    const sid = `s${slot}`;
    if (!this.players.delete(sid)) throw new ReplayError("CORRUPT", `seat ${slot} leaves but is not seated`);
    this.queues.delete(sid);
    this.budgets.delete(sid);
  }

  setRng(state: number): void {
    this.rng = createRng(state);
  }

  /** Hands each seat (in seat order) its inputs of the coming step. */
  load(inputs: readonly (readonly number[])[]): void {
    let k = 0;
    for (const sid of this.players.keys()) this.queues.get(sid)!.reset(inputs[k++] ?? []);
  }

  /** The slot of a re-simulation's session id. */
  static slotOf(sid: string): number {
    return Number(sid.slice(1));
  }
}
