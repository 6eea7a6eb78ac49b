import { RoomPlugin, type Room } from "@colyseus/core";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../metrics.js";
import { ALL_TUNINGS_ON, type TuningSwitch } from "../colyseus/tunings.js";
import { patchAfterSteps } from "../loop/patchAfterStep.js";
import { steadyTimestep, type SteadyInterval } from "../loop/steadyTimestep.js";

export interface FixedStepLoopOptions {
  /** Steps per second (also the tick rate Colyseus' input API reports to clients). */
  hz: number;
  /** One state patch per this many ms, sent right after the step that completes the interval. */
  patchIntervalMs: number;
  /** The room's simulation step; `dtSeconds` is always `1 / hz`. The patch after it is the loop's job. */
  step: (dtSeconds: number) => void;
  logger: Logger;
  /** Step durations go to `metrics.tick`. */
  metrics: Pick<Metrics, "tick">;
  /** `steadyTimestep`, `patchAfterStep` (default: all on); off gives Colyseus' stock interval or patch timer. */
  tunings?: TuningSwitch;
  /** Not listed until the first client joins, and (with `steadyTimestep`) no steps or patches either (default true). */
  idleUntilFirstJoin?: boolean;
}

/**
 * **Fixed-step loop.** Gives a room its simulation loop: Colyseus' `setFixedTimestep` (which also
 * sets the tick rate its input API reports), its interval replaced by a steady timer
 * (loop/steadyTimestep.ts), the state patch sent right after the step that completes each patch
 * interval (loop/patchAfterStep.ts) instead of on Colyseus' patch timer, every step guarded (an
 * exception is logged as `room_exception` and the room goes on) and timed (`metrics.tick`). With
 * `idleUntilFirstJoin` (default) the room is unlisted and runs nothing until its first join, so a
 * room created and never joined costs neither CPU nor a listing. The room passes its `step`
 * function and never calls a patch itself: it cannot forget one. Tunings `steadyTimestep` and
 * `patchAfterStep` switched off give Colyseus' own interval and patch timer.
 */
export class FixedStepLoop extends RoomPlugin {
  override readonly pluginName = "loop" as const;
  private afterStep: () => void = () => undefined;
  private steady: SteadyInterval | undefined;
  private awake = false;

  constructor(private readonly options: FixedStepLoopOptions) {
    super();
  }

  /** True once the first client joined (the loop runs from then on). */
  get running(): boolean {
    return this.awake;
  }

  protected override async onCreate(): Promise<void> {
    const { hz, patchIntervalMs } = this.options;
    const idle = this.options.idleUntilFirstJoin ?? true;
    const room = this.room as Room;
    const tunings = this.options.tunings ?? ALL_TUNINGS_ON;
    room.patchRate = patchIntervalMs;
    room.setFixedTimestep((ctx) => this.run(ctx.dt), hz);
    if (tunings.on("steadyTimestep")) {
      this.steady = steadyTimestep(room, hz, () => this.run(1 / hz), idle);
      if (!this.steady) this.options.logger.error({ event: "tuning_failed", tuning: "steadyTimestep", roomId: room.roomId }, "steps run on Colyseus' interval");
    }
    if (tunings.on("patchAfterStep")) this.afterStep = patchAfterSteps(room, hz, patchIntervalMs, (err) => this.logException("broadcastPatch", err));
    if (idle) await room.setMatchmaking({ unlisted: true });
  }

  protected override onJoin(): void {
    if (this.awake) return;
    this.awake = true;
    this.steady?.start();
    if (this.options.idleUntilFirstJoin ?? true) {
      this.room.setMatchmaking({ unlisted: false }).catch((err: unknown) => this.logException("setMatchmaking", err));
    }
  }

  protected override onDispose(): void {
    this.steady?.stop();
  }

  /** One step, guarded and timed, then the patch when one is due. */
  private run(dtSeconds: number): void {
    const started = performance.now();
    try {
      this.options.step(dtSeconds);
    } catch (err) {
      this.logException("setFixedTimestep", err);
      return;
    }
    this.options.metrics.tick.observe((performance.now() - started) / 1000);
    this.afterStep();
  }

  private logException(method: string, err: unknown): void {
    this.options.logger.error({ event: "room_exception", roomId: this.room.roomId, method, err }, "uncaught exception in room");
  }
}
