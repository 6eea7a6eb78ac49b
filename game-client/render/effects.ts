import type Phaser from "phaser";
import { playDash, playHit, playPickup } from "../audio/sound.js";
import type { PlayerView } from "../net/session.js";
import {
  DASH_KNOCK_POINTS,
  GOLD_ORB_VALUE_POINTS,
  ORB_RADIUS_UNITS,
  ORB_VALUE_POINTS,
  PLAYER_RADIUS_UNITS,
  PLAYER_SPEED_UNITS_PER_S,
  TICK_RATE_HZ,
} from "../../shared/sim/constants.js";
import type { GoneOrb } from "./orbs.js";
import { COLOR, TEXT_COLOR, playerColor } from "./palette.js";
import { pixelRatio } from "./pixelRatio.js";

/** An orb gone within this distance of a player's centre was eaten by that player (drawn positions lag a little). */
const EATEN_WITHIN_UNITS = PLAYER_RADIUS_UNITS + ORB_RADIUS_UNITS + 24;
/** More orbs than this gone in one frame is a round reset, not pickups. */
const MAX_PICKUPS_PER_FRAME = 6;
const SPARKS = 8;
const FLOAT_FONT_PX = 22;
/** The floating "+1" is at least this big on screen. */
const FLOAT_MIN_SCREEN_PX = 15;
/** Drawn faster than this, a player is dashing (walking is 240 units/s, a dash 720): it leaves a trail. */
const DASHING_UNITS_PER_S = 1.7 * PLAYER_SPEED_UNITS_PER_S;
/** Faster than this is a jump (respawn, reconnection), not a dash. */
const TELEPORT_UNITS_PER_S = 6 * PLAYER_SPEED_UNITS_PER_S;
/** Speeds are measured over at least this long (two simulation steps). */
const SAMPLE_MS = 2000 / TICK_RATE_HZ;

/**
 * Pickup feedback: where an orb was eaten, a burst of sparks and a floating "+1"/"+5"; for our
 * own pickups (gold text) a short sound. A player whose score drops by a dash's knock within a
 * round gets a red "-N" (and we a thud, if it is us). Tweens clean up after themselves.
 */
export class EffectLayer {
  private pops = 0;
  private ownPickups = 0;
  private knocks = 0;
  private readonly live = new Set<Phaser.GameObjects.GameObject>();
  /** Scores at the last frame, and the round they were in (a new round resets every score). */
  private readonly scores = new Map<string, number>();
  private round = -1;
  /** Where each player was drawn at the last sample (two steps apart at least), and whether it was dashing then. */
  private readonly last = new Map<string, { x: number; y: number; dashing: boolean }>();
  private lastTimeMs = -1;
  private ownDashes = 0;

  constructor(private readonly scene: Phaser.Scene) {}

  sync(gone: readonly GoneOrb[], players: readonly PlayerView[], cssZoom: number, round: number, timeMs: number): void {
    this.noticeKnocks(players, cssZoom, round);
    this.trailDashes(players, timeMs);
    if (gone.length === 0 || gone.length > MAX_PICKUPS_PER_FRAME) return;
    for (const orb of gone) {
      const eater = nearest(orb, players);
      if (!eater) continue;
      this.pop(orb, eater.isSelf, cssZoom);
      if (eater.isSelf) {
        this.ownPickups++;
        playPickup(orb.gold);
      }
    }
  }

  /** Effects started: all pops, those of our own pickups, knocks (points lost to a dash), and our dashes seen. */
  counts(): { pops: number; ownPickups: number; knocks: number; ownDashes: number } {
    return { pops: this.pops, ownPickups: this.ownPickups, knocks: this.knocks, ownDashes: this.ownDashes };
  }

  /** A fading ghost behind every player moving at dash speed; a whoosh when ours starts. */
  private trailDashes(players: readonly PlayerView[], timeMs: number): void {
    // Speeds over two steps at least: our predicted position moves by whole steps, not smoothly per frame.
    if (this.lastTimeMs >= 0 && timeMs - this.lastTimeMs < SAMPLE_MS) return;
    const dt = this.lastTimeMs < 0 ? 0 : (timeMs - this.lastTimeMs) / 1000;
    this.lastTimeMs = timeMs;
    for (const p of players) {
      const before = this.last.get(p.sessionId);
      const speed = before && dt > 0 ? Math.hypot(p.x - before.x, p.y - before.y) / dt : 0;
      const dashing = speed > DASHING_UNITS_PER_S && speed < TELEPORT_UNITS_PER_S;
      this.last.set(p.sessionId, { x: p.x, y: p.y, dashing });
      if (!dashing || !before) continue;
      if (!before.dashing && p.isSelf) {
        this.ownDashes++;
        playDash();
      }
      const ghost = this.track(this.scene.add.circle(before.x, before.y, PLAYER_RADIUS_UNITS, playerColor(p.hue), 0.35).setDepth(9));
      this.scene.tweens.add({ targets: ghost, alpha: 0, scale: 0.6, duration: 260, onComplete: () => this.untrack(ghost) });
    }
    if (this.last.size > players.length * 2) for (const id of [...this.last.keys()]) if (!players.some((p) => p.sessionId === id)) this.last.delete(id);
  }

  private noticeKnocks(players: readonly PlayerView[], cssZoom: number, round: number): void {
    const sameRound = round === this.round;
    this.round = round;
    for (const p of players) {
      const before = this.scores.get(p.sessionId);
      this.scores.set(p.sessionId, p.score);
      const lost = before === undefined || !sameRound ? 0 : before - p.score;
      if (lost <= 0 || lost > DASH_KNOCK_POINTS) continue;
      this.knocks++;
      this.float(p.x, p.y - PLAYER_RADIUS_UNITS, `-${lost}`, "#ff6b7a", 1, cssZoom);
      if (p.isSelf) playHit();
    }
    if (this.scores.size > players.length * 2) for (const id of [...this.scores.keys()]) if (!players.some((p) => p.sessionId === id)) this.scores.delete(id);
  }

  destroy(): void {
    for (const o of this.live) o.destroy();
    this.live.clear();
  }

  private pop(orb: GoneOrb, mine: boolean, cssZoom: number): void {
    this.pops++;
    const colour = orb.gold ? COLOR.gold : COLOR.orb;
    for (let i = 0; i < SPARKS; i++) {
      const angle = (i / SPARKS) * Math.PI * 2;
      const spark = this.track(this.scene.add.circle(orb.x, orb.y, orb.gold ? 4 : 3, colour).setDepth(15));
      this.scene.tweens.add({
        targets: spark,
        x: orb.x + Math.cos(angle) * 34,
        y: orb.y + Math.sin(angle) * 34,
        alpha: 0,
        scale: 0.3,
        duration: 380,
        ease: "Quad.easeOut",
        onComplete: () => this.untrack(spark),
      });
    }
    const points = orb.gold ? GOLD_ORB_VALUE_POINTS : ORB_VALUE_POINTS;
    this.float(orb.x, orb.y - 10, `+${points}`, mine ? TEXT_COLOR.gold : TEXT_COLOR.normal, mine ? 1 : 0.7, cssZoom);
  }

  /** A short text that rises and fades at (x, y). */
  private float(x: number, y: number, label: string, color: string, alpha: number, cssZoom: number): void {
    const scale = Math.max(1, FLOAT_MIN_SCREEN_PX / (FLOAT_FONT_PX * cssZoom));
    const text = this.track(
      this.scene.add
        .text(x, y, label, {
          fontFamily: "system-ui, sans-serif",
          fontSize: `${FLOAT_FONT_PX}px`,
          fontStyle: "bold",
          color,
          stroke: "#000000",
          strokeThickness: 4,
          resolution: pixelRatio(),
        })
        .setOrigin(0.5, 1)
        .setScale(scale)
        .setAlpha(alpha)
        .setDepth(25),
    );
    this.scene.tweens.add({ targets: text, y: y - 50 * scale, alpha: 0, duration: 900, ease: "Cubic.easeOut", onComplete: () => this.untrack(text) });
  }

  private track<T extends Phaser.GameObjects.GameObject>(o: T): T {
    this.live.add(o);
    return o;
  }

  private untrack(o: Phaser.GameObjects.GameObject): void {
    this.live.delete(o);
    o.destroy();
  }
}

function nearest(at: { x: number; y: number }, players: readonly PlayerView[]): PlayerView | undefined {
  let best: PlayerView | undefined;
  let bestD = EATEN_WITHIN_UNITS;
  for (const p of players) {
    const d = Math.hypot(p.x - at.x, p.y - at.y);
    if (d <= bestD) {
      best = p;
      bestD = d;
    }
  }
  return best;
}
