import type { Data } from "@colyseus/schema";
import type { InputHandle, Room } from "@colyseus/sdk";
import { Predict, type Reconciler } from "@colyseus/sdk/predict";
import { MoveInput, type ArenaState, type Player } from "../../shared/schema/state.js";
import { PATCH_INTERVAL_MS, PLAYER_SPEED_UNITS_PER_S, TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { stepDasher, type DashIntent } from "../../shared/sim/dash.js";
import type { MoveIntent, Position } from "../../shared/sim/step.js";
import { InputPacer } from "./inputPacer.js";

/** Remote players are drawn this far in the past, between two real snapshots (two patches). */
const REMOTE_DELAY_MS = 2 * PATCH_INTERVAL_MS;
/** A correction bigger than a second of running is a teleport (respawn, reconnect): cut, don't glide. */
const TELEPORT_UNITS = PLAYER_SPEED_UNITS_PER_S;

/**
 * Movement on the client. The local player is predicted and reconciled by the SDK's Reconciler
 * running the same `stepDasher` as the server (one input = one fixed step); everyone else is
 * interpolated between snapshots by Predict. `frame()` is called once per rendered frame.
 */
export class Motion {
  private readonly predict: Predict<ArenaState>;
  private readonly input: InputHandle<MoveInput>;
  private self: { instance: Player; reconciler: Reconciler<Player, Data<MoveInput>> } | undefined;
  private readonly pacer: InputPacer;
  private lastSent: MoveIntent = { dx: 0, dy: 0 };
  /** A dash was asked for and has not gone out with an input yet. */
  private dashWanted = false;

  constructor(private readonly room: Room<unknown, ArenaState>) {
    this.predict = Predict.get(room, { mode: "lerp", delay: REMOTE_DELAY_MS, name: "orb-arena" });
    this.predict.attachAll("players", { x: "lerp", y: "lerp" });
    this.input = room.input<MoveInput>({ type: MoveInput, mode: "reliable" });
    this.pacer = new InputPacer(this.input.stepMs ?? 1000 / TICK_RATE_HZ);
  }

  /**
   * Advances prediction to `now` (the frame timestamp) and sends one input per fixed step due,
   * each carrying `intent` (a dash request rides on the first of them only); the reconciler
   * predicts each send at once. Sends first, then the
   * caller reads positions (the SDK's documented frame order). Steps are paced by InputPacer
   * rather than `predict.tick`'s own count, so a key press goes out in the very next frame.
   */
  frame(now: number, intent: DashIntent): void {
    this.bindSelf();
    this.predict.tick(now);
    if (!this.self) return; // nothing to move yet
    if (intent.dash === 1) this.dashWanted = true;
    const changed = intent.dx !== this.lastSent.dx || intent.dy !== this.lastSent.dy || this.dashWanted;
    const steps = this.pacer.steps(now, changed);
    const data = this.input.data;
    for (let i = 0; i < steps; i++) {
      data.dx = intent.dx;
      data.dy = intent.dy;
      data.dash = this.dashWanted ? 1 : 0;
      if (this.input.send()) {
        this.lastSent = { dx: intent.dx, dy: intent.dy };
        this.dashWanted = false;
      }
    }
  }

  /** Our dash counters as predicted: steps of dash left, and steps until the next one (undefined before we exist). */
  dash(): { steps: number; cooldown: number } | undefined {
    const state = this.self?.reconciler.state;
    return state ? { steps: state.dashSteps ?? 0, cooldown: state.dashCooldown ?? 0 } : undefined;
  }

  /** Where to draw a player: predicted for us, interpolated for others. */
  rendered(player: Player): Position {
    return { x: this.predict.value(player, "x"), y: this.predict.value(player, "y") };
  }

  /** Our exact predicted position (the reconciler's state), or undefined before we exist. */
  predicted(): Position | undefined {
    const state = this.self?.reconciler.state;
    return state ? { x: state.x, y: state.y } : undefined;
  }

  /** Inputs sent and not yet applied by the server. */
  pendingInputs(): number {
    return this.self?.reconciler.pendingCount ?? 0;
  }

  dispose(): void {
    this.self?.reconciler.dispose();
    this.self = undefined;
    this.predict.dispose();
  }

  /** (Re)binds the reconciler to our Player instance — after a reconnection it may be a new one. */
  private bindSelf(): void {
    const instance = this.room.state?.players?.get(this.room.sessionId);
    if (instance === this.self?.instance) return;
    this.self?.reconciler.dispose();
    this.self = undefined;
    if (!instance) return;
    const reconciler = this.predict.reconciler(instance, {
      input: this.input,
      fields: ["x", "y", "dashSteps", "dashCooldown"],
      snap: TELEPORT_UNITS,
      step: (ctx, state, command) => void stepDasher(state, command, ctx.dt),
    });
    this.self = { instance, reconciler };
  }
}
