import type Phaser from "phaser";
import type { HillView } from "../net/hillLink.js";
import type { PlayerView } from "../net/session.js";
import { HILL_RADIUS_UNITS } from "../../shared/sim/hill.js";
import { COLOR, playerColor } from "./palette.js";

/** A rectangle of the arena, world units (the camera's view). */
export interface ViewRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Contested: nobody scores. */
const CONTESTED = 0xff6b7a;
/** The last seconds before the hill jumps, its rim blinks. */
const WARN_MS = 3000;
const BLINK_HZ = 3;

/**
 * Draws the hill under the players: a disc in the king's colour (gold while free, red while
 * contested) with the king's charge as an arc around it, and a blinking rim before it jumps; an
 * arrow at the screen's edge points to it while it is off screen (the camera follows us on phones).
 */
export class HillLayer {
  private readonly g: Phaser.GameObjects.Graphics;
  /** Over the players: the arrow to an off-screen hill. */
  private readonly arrow: Phaser.GameObjects.Graphics;

  constructor(scene: Phaser.Scene) {
    this.g = scene.add.graphics().setDepth(2);
    this.arrow = scene.add.graphics().setDepth(30);
  }

  /** `view`: the part of the arena on screen (world units); when the hill is outside it, an arrow at its edge points the way. */
  sync(hill: HillView | undefined, players: readonly PlayerView[], timeMs: number, view?: ViewRect): void {
    const g = this.g.clear();
    this.arrow.clear();
    if (!hill) return;
    const king = hill.king ? players.find((p) => p.sessionId === hill.king) : undefined;
    const colour = hill.contested ? CONTESTED : king ? playerColor(king.hue) : COLOR.gold;
    g.fillStyle(colour, 0.16).fillCircle(hill.x, hill.y, HILL_RADIUS_UNITS);
    g.fillStyle(colour, 0.1).fillCircle(hill.x, hill.y, HILL_RADIUS_UNITS * 0.55);
    const blinkOff = hill.movesInMs < WARN_MS && Math.floor((timeMs / 1000) * BLINK_HZ * 2) % 2 === 1;
    g.lineStyle(4, colour, blinkOff ? 0.25 : 0.9).strokeCircle(hill.x, hill.y, HILL_RADIUS_UNITS);
    if (hill.charge > 0) {
      const start = -Math.PI / 2;
      g.lineStyle(10, colour, 1).beginPath().arc(hill.x, hill.y, HILL_RADIUS_UNITS + 9, start, start + hill.charge * Math.PI * 2).strokePath();
    }
    if (view) this.pointTo(hill, colour, view);
  }

  /** An arrow just inside the view's edge, towards the hill, when the hill is off screen. */
  private pointTo(hill: { x: number; y: number }, colour: number, view: ViewRect): void {
    const inset = Math.min(view.width, view.height) * 0.06 + 14;
    const inside = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo + inset), hi - inset);
    const visible = hill.x + HILL_RADIUS_UNITS > view.x && hill.x - HILL_RADIUS_UNITS < view.x + view.width && hill.y + HILL_RADIUS_UNITS > view.y && hill.y - HILL_RADIUS_UNITS < view.y + view.height;
    if (visible) return;
    const cx = view.x + view.width / 2;
    const cy = view.y + view.height / 2;
    const angle = Math.atan2(hill.y - cy, hill.x - cx);
    const tipX = inside(hill.x, view.x, view.x + view.width);
    const tipY = inside(hill.y, view.y, view.y + view.height);
    const size = inset * 0.9;
    const back = (a: number) => ({ x: tipX - Math.cos(angle + a) * size, y: tipY - Math.sin(angle + a) * size });
    const left = back(0.45);
    const right = back(-0.45);
    this.arrow.fillStyle(colour, 0.9).fillTriangle(tipX, tipY, left.x, left.y, right.x, right.y);
    this.arrow.lineStyle(2, 0x000000, 0.5).strokeTriangle(tipX, tipY, left.x, left.y, right.x, right.y);
  }

  destroy(): void {
    this.g.destroy();
    this.arrow.destroy();
  }
}
