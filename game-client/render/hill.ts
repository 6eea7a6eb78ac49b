import type Phaser from "phaser";
import type { HillView } from "../net/hillLink.js";
import type { PlayerView } from "../net/session.js";
import { HILL_RADIUS_UNITS } from "../../shared/sim/hill.js";
import { COLOR, playerColor } from "./palette.js";

/** Contested: nobody scores. */
const CONTESTED = 0xff6b7a;
/** The last seconds before the hill jumps, its rim blinks. */
const WARN_MS = 3000;
const BLINK_HZ = 3;

/**
 * Draws the hill under the players: a disc in the king's colour (gold while free, red while
 * contested) with the king's charge as an arc around it, and a blinking rim before it jumps.
 */
export class HillLayer {
  private readonly g: Phaser.GameObjects.Graphics;

  constructor(scene: Phaser.Scene) {
    this.g = scene.add.graphics().setDepth(2);
  }

  sync(hill: HillView | undefined, players: readonly PlayerView[], timeMs: number): void {
    const g = this.g.clear();
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
  }

  destroy(): void {
    this.g.destroy();
  }
}
