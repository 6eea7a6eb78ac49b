import { RoomPlugin } from "@colyseus/core";
import { ROUND_PHASE } from "../../../shared/schema/state.js";
import { MAX_STEPS } from "../../../shared/replay/format.js";
import type { ReplayGame } from "../../../shared/replay/game.js";
import type { ReplayMeta } from "../../../shared/replay/meta.js";
import type { InputQueue } from "../../../shared/sim/arenaTick.js";
import type { RoundClock } from "../../../shared/sim/round.js";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../metrics.js";
import { RoundRecording, type Seated } from "../replay/recording.js";
import type { ReplayStore } from "../replay/store.js";

export interface RoundReplaysOptions<P extends Seated> {
  /** The room type's replay game (shared/replay): its kind, rules version, step rate, whether its step reads the clock. */
  game: Pick<ReplayGame, "kind" | "rules" | "hz" | "clock">;
  /** The room's state: its seats and round clock. */
  state: RoundClock & { players: Map<string, P> };
  /** The state at a round's start, seats named by slot (the game's snapshot). */
  snapshot: (slotOf: (sessionId: string) => number) => unknown;
  /** What a joining player's seat records (the game's join record). */
  joinRecord: (player: P) => unknown;
  /** The game's state hash of the room now. */
  hash: () => number;
  /** The state of the room's random generator (its whole state, see shared/sim/rng.ts). */
  rng: () => number;
  /** Where finished replays go; undefined: nothing is recorded (REPLAYS=off). */
  store: ReplayStore | undefined;
  logger: Logger;
  metrics?: Pick<Metrics, "replaysSaved">;
  /** A hash every this many steps (default: one per second). */
  hashEvery?: number;
}

/**
 * **Round replays.** Records every round of the room as it is played — the state at its start, the
 * inputs each step applied, seats taken and left, the generator when it moved between steps, a
 * state hash every second — and puts the finished file in the replay store (docs/replays.md). The
 * room wraps its step in `record()` and its input queues in `tap()`; the rest (seat bookkeeping,
 * round start and end, file, store) is here. A round that ends with everyone gone is not kept.
 */
export class RoundReplays<P extends Seated> extends RoomPlugin {
  override readonly pluginName = "replays" as const;
  private recording: RoundRecording<P> | undefined;
  private lastRound = -1;
  private finishedId: string | undefined;
  /** The clock of the latest step, whole µs (games that read the clock). */
  private stepUs = 0;

  constructor(private readonly options: RoundReplaysOptions<P>) {
    super();
  }

  /** Input queues as the step reads them: while recording, what the step takes is written down. */
  tap(sessionId: string, queue: InputQueue): InputQueue {
    return this.recording ? this.recording.tap(sessionId, queue) : queue;
  }

  /** The replay id of the round that ended in the last step (for the round's result), if it is kept. */
  get justFinished(): string | undefined {
    return this.finishedId;
  }

  /** A round result with the id of its replay, when the round that just ended is kept. */
  withReplayId<R extends object>(result: R): R & { replayId?: string } {
    return this.finishedId ? { ...result, replayId: this.finishedId } : result;
  }

  /**
   * For a game whose step reads the room clock: the time this step must use, to the µs (the value
   * a re-simulation computes from the file, bit for bit). Call once per step, before `record()`.
   */
  stepTime(roomClockMs: number): number {
    this.stepUs = Math.round(roomClockMs * 1000);
    return this.stepUs / 1000;
  }

  /** Runs one step of the room's rules, recording it. */
  record<T>(step: () => T): T {
    const { state } = this.options;
    this.finishedId = undefined;
    if (!this.recording) {
      const result = step();
      if (state.phase === ROUND_PHASE.PLAYING && state.round !== this.lastRound && this.options.store) this.begin();
      return result;
    }
    this.recording.beforeStep(this.options.game.clock ? this.stepUs : undefined);
    let result: T;
    try {
      result = step();
    } catch (err) {
      // The loop logs the exception and goes on; a step that stopped halfway cannot be re-simulated: drop the round.
      this.options.logger.warn({ event: "replay_dropped", roomId: this.room.roomId, round: state.round }, "a step failed: the round is not recorded");
      this.recording = undefined;
      throw err;
    }
    this.recording.afterStep();
    if (state.phase !== ROUND_PHASE.PLAYING) this.end(state.phase === ROUND_PHASE.ENDED);
    else if (this.recording.stepCount >= MAX_STEPS) {
      // Longer than a replay may be (ROUND_SECONDS above its maximum of an hour): not recorded, rather than a file nobody can read.
      this.options.logger.warn({ event: "replay_too_long", roomId: this.room.roomId, round: state.round, steps: MAX_STEPS }, "round too long to record");
      this.recording = undefined;
    }
    return result;
  }

  private begin(): void {
    const { state, game } = this.options;
    this.lastRound = state.round;
    this.recording = new RoundRecording<P>({
      ...this.options,
      roomId: this.room.roomId,
      round: state.round,
      hashEvery: this.options.hashEvery ?? game.hz,
      clockStartUs: game.clock ? this.stepUs : undefined,
    });
  }

  private end(finished: boolean): void {
    const recording = this.recording!;
    this.recording = undefined;
    if (!finished || !this.options.store) return;
    this.finishedId = recording.id;
    const store = this.options.store;
    recording
      .file()
      .then(({ meta, file }) => {
        const kept: ReplayMeta = { ...meta, bytes: file.byteLength };
        this.options.metrics?.replaysSaved.inc();
        this.options.logger.info({ event: "replay_recorded", roomId: meta.roomId, round: meta.round, id: meta.id, bytes: file.byteLength, steps: meta.steps }, "round recorded");
        return store.put(kept, file);
      })
      .catch((err: unknown) => this.options.logger.error({ event: "replay_failed", roomId: this.room.roomId, err }, "a round's replay could not be kept"));
  }

  protected override onDispose(): void {
    this.recording = undefined; // a round cut short by the room's end is not a round
  }
}
