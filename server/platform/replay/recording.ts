import { REPLAY_FORMAT, ReplayBodyWriter, type ReplayHeader } from "../../../shared/replay/format.js";
import { packReplay } from "../../../shared/replay/file.js";
import { inputCode } from "../../../shared/replay/inputCode.js";
import type { ReplayMeta } from "../../../shared/replay/meta.js";
import { standingsOf } from "../../../shared/replay/standings.js";
import type { InputQueue } from "../../../shared/sim/arenaTick.js";
import type { DashIntent } from "../../../shared/sim/dash.js";

/** What a recorded room's seats hold (the arena's and the hill's Player). */
export interface Seated {
  name: string;
  score: number;
  bot: boolean;
}

export interface RecordingSource<P extends Seated> {
  game: { kind: string; rules: number; hz: number };
  roomId: string;
  round: number;
  hashEvery: number;
  state: { players: Map<string, P> };
  snapshot: (slotOf: (sessionId: string) => number) => unknown;
  joinRecord: (player: P) => unknown;
  hash: () => number;
  rng: () => number;
  /** Games that read the clock: the step clock (µs) of the step that started the round. */
  clockStartUs?: number;
}

/** A queue that writes down each input the step takes from it. */
class TapQueue implements InputQueue {
  queue: InputQueue | undefined;
  readonly taken: number[] = [];
  get size(): number {
    return this.queue?.size ?? 0;
  }
  next(): DashIntent | undefined {
    const input = this.queue?.next();
    if (input) this.taken.push(inputCode(input));
    return input;
  }
}

/**
 * One round being recorded: seats are numbered in the order they are taken (no session ids in a
 * file); before each step the seats that changed since the last one (by identity of the player
 * object, so a seat freed and taken again between two steps is a leave and a join) and the
 * generator if something between steps moved it; after it, the inputs each seat's queue gave up.
 */
export class RoundRecording<P extends Seated> {
  private readonly body = new ReplayBodyWriter();
  private readonly slots = new Map<string, { slot: number; player: P; tap: TapQueue }>();
  private nextSlot = 0;
  private steps = 0;

  /** Steps recorded so far. */
  get stepCount(): number {
    return this.steps;
  }
  private rngAfterStep: number;
  private readonly startedAt = new Date();
  private readonly startHash: number;
  private readonly snapshot: unknown;
  /** The replay's id, known from the round's start (the round's result names it). */
  readonly id: string;

  constructor(private readonly source: RecordingSource<P>) {
    for (const [sid, player] of source.state.players) this.seat(sid, player);
    this.snapshot = source.snapshot((sid) => this.slots.get(sid)?.slot ?? -1);
    this.startHash = source.hash();
    this.rngAfterStep = source.rng();
    const stamp = this.startedAt.getTime().toString(36) + Math.floor(Math.random() * 36 ** 3).toString(36).padStart(3, "0");
    this.id = `${source.roomId}-${source.round}-${stamp}`.replace(/[^A-Za-z0-9-]/g, "").slice(-64);
  }

  private seat(sid: string, player: P): number {
    const slot = this.nextSlot++;
    this.slots.set(sid, { slot, player, tap: new TapQueue() });
    return slot;
  }

  tap(sid: string, queue: InputQueue): InputQueue {
    const seat = this.slots.get(sid);
    if (!seat) return queue;
    seat.tap.queue = queue;
    return seat.tap;
  }

  /** `clockUs`: the clock this step reads (games that read it). */
  beforeStep(clockUs?: number): void {
    const players = this.source.state.players;
    for (const [sid, seat] of this.slots) {
      if (players.get(sid) === seat.player) continue;
      this.body.leave(seat.slot);
      this.slots.delete(sid);
    }
    for (const [sid, player] of players) {
      if (this.slots.has(sid)) continue;
      this.body.join(this.seat(sid, player), this.source.joinRecord(player));
    }
    const rng = this.source.rng();
    if (rng !== this.rngAfterStep) this.body.rng(rng);
    if (clockUs !== undefined) this.body.time(Math.max(0, clockUs - (this.source.clockStartUs ?? 0)));
  }

  afterStep(): void {
    this.body.step();
    for (const sid of this.source.state.players.keys()) {
      const tap = this.slots.get(sid)?.tap;
      this.body.inputs(tap?.taken ?? []);
      if (tap) {
        tap.taken.length = 0;
        tap.queue = undefined;
      }
    }
    this.steps++;
    if (this.steps % this.source.hashEvery === 0) this.body.hash(this.source.hash());
    this.rngAfterStep = this.source.rng();
  }

  /** The finished file and what the listing says of it. */
  async file(): Promise<{ meta: Omit<ReplayMeta, "bytes">; file: Uint8Array }> {
    const { game, roomId, round, hashEvery } = this.source;
    const finalHash = this.source.hash();
    const body = this.body;
    if (this.steps % hashEvery !== 0) body.hash(finalHash);
    const players = standingsOf(this.source.state.players.values());
    const durationMs = Math.round((this.steps * 1000) / game.hz);
    const header: ReplayHeader = {
      format: REPLAY_FORMAT,
      game: game.kind,
      rules: game.rules,
      roomId,
      round,
      startedAt: this.startedAt.toISOString(),
      hz: game.hz,
      hashEvery,
      steps: this.steps,
      durationMs,
      startHash: this.startHash,
      finalHash,
      players,
      snapshot: this.snapshot,
      ...(this.source.clockStartUs === undefined ? {} : { clockStartUs: this.source.clockStartUs }),
    };
    const meta = { id: this.id, game: game.kind, roomId, round, startedAt: header.startedAt, durationMs, steps: this.steps, players };
    return { meta, file: await packReplay(header, body.finish()) };
  }
}
