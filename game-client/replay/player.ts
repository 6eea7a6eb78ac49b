/**
 * The replay viewer's controller: pure logic, no Phaser and no DOM. It keeps one re-simulation
 * (shared/replay: the same step the server ran), advances it `hz × speed` steps per second of real
 * time, seeks by starting again from the nearest kept checkpoint (`sim.save()` every
 * CHECKPOINT_EVERY steps) and re-simulating the rest, and tells the renderer where each player is:
 * interpolated between the last two simulated steps, as remote players are between snapshots in a
 * live game (no prediction: nobody here is "us").
 */
import type { DecodedReplay } from "../../shared/replay/format.js";
import type { ReplayGame, ReplaySim } from "../../shared/replay/game.js";
import { applyStep, replayGame } from "../../shared/replay/run.js";
import type { Hill } from "../../shared/schema/hill.js";
import type { Orb, Player } from "../../shared/schema/state.js";
import { PLAYER_SPEED_UNITS_PER_S } from "../../shared/sim/constants.js";
import { HILL_POINT_STEPS } from "../../shared/sim/hill.js";
import type { HillView } from "../net/hillLink.js";

/** A checkpoint is kept every this many steps (seeking re-simulates at most this many). */
export const CHECKPOINT_EVERY = 150;
export const SPEEDS = [1, 2, 4] as const;
export type ReplaySpeed = (typeof SPEEDS)[number];
/** A frame longer than this (a tab in the background) advances only this much. */
const MAX_FRAME_MS = 250;
/** A move longer than a second of running between two steps is a respawn: drawn at once, not glided (as in net/motion.ts). */
const TELEPORT_UNITS = PLAYER_SPEED_UNITS_PER_S;

/** What the viewer reads of a replayable room's state: the arena's and the hill's (both schema states the live game draws). */
export interface ReplayState {
  players: Map<string, Player>;
  orbs?: Map<string, Orb>;
  hill?: Hill;
}

/** One player as the renderer draws it (the fields of net/session.ts's PlayerView). */
export interface ReplayPlayerView {
  readonly sessionId: string;
  readonly name: string;
  readonly score: number;
  readonly hue: number;
  readonly connected: boolean;
  readonly isSelf: false;
  readonly x: number;
  readonly y: number;
  readonly bot: boolean;
}

export class ReplayPlayer {
  readonly hz: number;
  /** Steps in the replay. */
  readonly total: number;
  private readonly game: ReplayGame<ReplayState>;
  private sim: ReplaySim<ReplayState>;
  /** Steps applied so far (0: the round's start). */
  private at = 0;
  /** Fraction of the next step's time already elapsed (0 ≤ carry < 1). */
  private carry = 0;
  /** Checkpoints by index k (the state after k × CHECKPOINT_EVERY steps); index 0 is the recorded start. */
  private readonly checkpoints: unknown[] = [];
  /** Where every player was before the last step applied (the other end of the interpolation). */
  private before = new Map<string, { x: number; y: number }>();
  playing = true;
  speed: ReplaySpeed = 1;
  /** Steps simulated since the viewer opened, seeks included (the debug hook reports it). */
  simulated = 0;

  constructor(private readonly replay: DecodedReplay) {
    const { header } = replay;
    this.game = replayGame(header.game, header.rules) as ReplayGame<ReplayState>;
    this.hz = this.game.hz;
    this.total = replay.steps.length;
    this.checkpoints[0] = header.snapshot;
    this.sim = this.game.start(header.snapshot);
    this.remember();
  }

  get step(): number {
    return this.at;
  }

  get ended(): boolean {
    return this.at >= this.total;
  }

  /** Seconds of the round shown now, and in all. */
  get seconds(): number {
    return Math.min(this.total, this.at + this.carry) / this.hz;
  }
  get totalSeconds(): number {
    return this.total / this.hz;
  }

  /** The room type's replay kind ("arena", "hill"). */
  get kind(): string {
    return this.replay.header.game;
  }

  /** The re-simulated state (the room's own schema type, as the live renderer reads it). */
  get state(): ReplayState {
    return this.sim.state;
  }

  /** King of the Hill: the hill as the live HUD and layer read it (undefined in the arena). */
  hill(): HillView | undefined {
    const hill = this.sim.state.hill;
    if (!hill) return undefined;
    const nowMs = this.at === 0 ? 0 : (this.replay.steps[this.at - 1]!.nowMs ?? (this.at * 1000) / this.hz);
    return { x: hill.x, y: hill.y, king: hill.king, charge: hill.charge / HILL_POINT_STEPS, contested: hill.contested, movesInMs: Math.max(0, hill.movesAt - nowMs) };
  }

  /** The re-simulation's state hash now. */
  hash(): number {
    return this.sim.hash();
  }

  /** Real time passed (ms): advances `hz × speed` steps a second while playing; returns the steps applied. */
  advance(elapsedMs: number): number {
    if (!this.playing || this.ended) return 0;
    this.carry += (Math.min(Math.max(elapsedMs, 0), MAX_FRAME_MS) / 1000) * this.hz * this.speed;
    let applied = 0;
    while (this.carry >= 1 && !this.ended) {
      this.carry -= 1;
      this.remember();
      this.apply();
      applied++;
    }
    if (this.ended) {
      this.carry = 0;
      this.playing = false;
    }
    return applied;
  }

  /** Play/pause; playing again at the end starts over. */
  toggle(): void {
    if (this.playing) return void (this.playing = false);
    if (this.ended) this.seek(0);
    this.playing = true;
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed = speed;
  }

  /** Jumps to `target` steps in: from the nearest checkpoint at or before it (or from here, going forward within reach). */
  seek(target: number): void {
    const to = Math.max(0, Math.min(this.total, Math.round(target)));
    const k = Math.floor(to / CHECKPOINT_EVERY);
    // The latest checkpoint known at or before k (checkpoints are kept as the re-simulation passes them).
    let from = k;
    while (from > 0 && this.checkpoints[from] === undefined) from--;
    const fromStep = from * CHECKPOINT_EVERY;
    if (!(this.at <= to && this.at >= fromStep)) {
      this.sim = this.game.start(this.checkpoints[from]);
      this.at = fromStep;
    }
    while (this.at < to) this.apply();
    this.carry = 0;
    this.remember(); // drawn where the state is: nothing to glide from after a jump
  }

  /** Every player, where to draw it: between its positions before and after the last step, `carry` of the way. */
  players(): ReplayPlayerView[] {
    const views: ReplayPlayerView[] = [];
    const t = this.carry;
    for (const [sessionId, p] of this.sim.state.players) {
      const b = this.before.get(sessionId);
      const jump = !b || Math.abs(p.x - b.x) > TELEPORT_UNITS || Math.abs(p.y - b.y) > TELEPORT_UNITS;
      const x = jump ? p.x : b.x + (p.x - b.x) * t;
      const y = jump ? p.y : b.y + (p.y - b.y) * t;
      views.push({ sessionId, name: p.name, score: p.score, hue: p.hue, connected: p.connected, isSelf: false, x, y, bot: p.bot });
    }
    return views;
  }

  orbs(): Array<[string, Orb]> {
    const orbs = this.sim.state.orbs;
    return orbs ? [...orbs.entries()] : [];
  }

  /** Checkpoints kept so far. */
  get kept(): number {
    return this.checkpoints.filter((c) => c !== undefined).length;
  }

  private remember(): void {
    this.before = new Map([...this.sim.state.players].map(([sid, p]) => [sid, { x: p.x, y: p.y }]));
  }

  private apply(): void {
    applyStep(this.sim, this.replay.steps[this.at]!, this.at, this.hz);
    this.at++;
    this.simulated++;
    if (this.at % CHECKPOINT_EVERY === 0 && this.checkpoints[this.at / CHECKPOINT_EVERY] === undefined) this.checkpoints[this.at / CHECKPOINT_EVERY] = this.sim.save();
  }
}
