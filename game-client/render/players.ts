import type Phaser from "phaser";
import type { PlayerView } from "../net/session.js";
import { ARENA_WIDTH_UNITS, PLAYER_RADIUS_UNITS } from "../../shared/sim/constants.js";
import { COLOR, TEXT_COLOR, playerColor } from "./palette.js";

interface PlayerSprite {
  body: Phaser.GameObjects.Arc;
  label: Phaser.GameObjects.Text;
  ring?: Phaser.GameObjects.Arc;
  hue: number;
}

const LABEL_GAP = PLAYER_RADIUS_UNITS + 8;
const LABEL_FONT_PX = 26;
/** Names never get smaller than this on screen, however far the arena is zoomed out (phones). */
const LABEL_MIN_SCREEN_PX = 12;
/** Near the top wall the name goes under the disk so it stays on screen. */
const LABEL_FLIP_Y = 70;

/** Draws the players: a coloured disk with its name above; ours with a white ring. */
export class PlayerLayer {
  private readonly sprites = new Map<string, PlayerSprite>();

  constructor(private readonly scene: Phaser.Scene) {}

  /** Updates every player's sprites; `zoom` is the camera zoom (to keep names readable). */
  sync(players: readonly PlayerView[], zoom: number): void {
    const labelScale = Math.min(4, Math.max(1, LABEL_MIN_SCREEN_PX / (LABEL_FONT_PX * zoom)));
    const seen = new Set<string>();
    for (const p of players) {
      seen.add(p.sessionId);
      const sprite = this.sprites.get(p.sessionId) ?? this.create(p);
      if (sprite.hue !== p.hue) {
        sprite.hue = p.hue;
        sprite.body.setFillStyle(playerColor(p.hue));
      }
      sprite.body.setPosition(p.x, p.y).setAlpha(p.connected ? 1 : 0.35);
      sprite.ring?.setPosition(p.x, p.y);
      if (sprite.label.text !== p.name) sprite.label.setText(p.name);
      sprite.label.setScale(labelScale);
      const below = p.y < LABEL_FLIP_Y;
      sprite.label.setOrigin(0.5, below ? 0 : 1);
      const half = sprite.label.displayWidth / 2;
      const x = Math.min(Math.max(p.x, half), ARENA_WIDTH_UNITS - half); // keep the name inside the arena
      sprite.label.setPosition(x, below ? p.y + LABEL_GAP : p.y - LABEL_GAP).setAlpha(p.connected ? 1 : 0.5);
    }
    for (const [id, sprite] of this.sprites) {
      if (seen.has(id)) continue;
      sprite.body.destroy();
      sprite.label.destroy();
      sprite.ring?.destroy();
      this.sprites.delete(id);
    }
  }

  private create(p: PlayerView): PlayerSprite {
    // Shapes, not tinted images: tint is WebGL-only and the Canvas renderer must show colours too.
    const body = this.scene.add.circle(p.x, p.y, PLAYER_RADIUS_UNITS, playerColor(p.hue)).setStrokeStyle(3, 0x000000, 0.35).setDepth(p.isSelf ? 11 : 10);
    const ring = p.isSelf ? this.scene.add.circle(p.x, p.y, PLAYER_RADIUS_UNITS + 5).setStrokeStyle(3, COLOR.self, 0.95).setDepth(12) : undefined;
    const label = this.scene.add
      .text(p.x, p.y - LABEL_GAP, p.name, {
        fontFamily: "system-ui, sans-serif",
        fontSize: `${LABEL_FONT_PX}px`,
        fontStyle: p.isSelf ? "bold" : "normal",
        color: p.isSelf ? TEXT_COLOR.self : TEXT_COLOR.normal,
        stroke: "#000000",
        strokeThickness: 4,
      })
      .setOrigin(0.5, 1)
      .setDepth(20);
    const sprite: PlayerSprite = { body, label, ring, hue: p.hue };
    this.sprites.set(p.sessionId, sprite);
    return sprite;
  }
}
