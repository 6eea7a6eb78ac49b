import type Phaser from "phaser";
import { playHit, playPickup } from "../audio/sound.js";
import type { PlayerView } from "../net/session.js";
import { DASH_KNOCK_POINTS, GOLD_ORB_VALUE_POINTS, ORB_RADIUS_UNITS, ORB_VALUE_POINTS, PLAYER_RADIUS_UNITS } from "../../shared/sim/constants.js";
import type { GoneOrb } from "./orbs.js";
import { COLOR, TEXT_COLOR } from "./palette.js";
import { pixelRatio } from "./pixelRatio.js";

/** An orb gone within this distance of a player's centre was eaten by that player (drawn positions lag a little). */
const EATEN_WITHIN_UNITS = PLAYER_RADIUS_UNITS + ORB_RADIUS_UNITS + 24;
/** More orbs than this gone in one frame is a round reset, not pickups. */
const MAX_PICKUPS_PER_FRAME = 6;
const SPARKS = 8;
const FLOAT_FONT_PX = 22;
/** The floating "+1" is at least this big on screen. */
const FLOAT_MIN_SCREEN_PX = 15;

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

  constructor(private readonly scene: Phaser.Scene) {}

  sync(gone: readonly GoneOrb[], players: readonly PlayerView[], cssZoom: number, round: number): void {
    this.noticeKnocks(players, cssZoom, round);
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

  /** Effects started: all pops, those of our own pickups, and knocks (points lost to a dash). */
  counts(): { pops: number; ownPickups: number; knocks: number } {
    return { pops: this.pops, ownPickups: this.ownPickups, knocks: this.knocks };
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
