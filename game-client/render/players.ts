import type Phaser from "phaser";
import type { PlayerView } from "../net/session.js";
import { ARENA_WIDTH_UNITS, PLAYER_RADIUS_UNITS } from "../../shared/sim/constants.js";
import { COLOR, TEXT_COLOR, playerColor } from "./palette.js";
import { pixelRatio } from "./pixelRatio.js";

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

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Draws the players: a coloured disk with its name above; ours with a white ring and our score. */
export class PlayerLayer {
  private readonly sprites = new Map<string, PlayerSprite>();
  /** The names drawn at the last frame, as boxes in world units. */
  private shown: Box[] = [];

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
      const text = p.isSelf ? `${p.name} · ${p.score}` : p.name; // our score rides with us
      if (sprite.label.text !== text) sprite.label.setText(text);
      sprite.label.setScale(labelScale);
    }
    this.placeLabels(players);
    for (const [id, sprite] of this.sprites) {
      if (seen.has(id)) continue;
      sprite.body.destroy();
      sprite.label.destroy();
      sprite.ring?.destroy();
      this.sprites.delete(id);
    }
  }

  /**
   * Names above their disks (below near the top wall), ours first; a name that would overlap one
   * already placed tries the other side of its disk, and is hidden if that overlaps too: names
   * never pile into an unreadable stack when players crowd one spot.
   */
  private placeLabels(players: readonly PlayerView[]): void {
    const placed: Box[] = (this.shown = []);
    const order = [...players].sort((a, b) => Number(b.isSelf) - Number(a.isSelf));
    for (const p of order) {
      const label = this.sprites.get(p.sessionId)!.label;
      const half = label.displayWidth / 2;
      const x = Math.min(Math.max(p.x, half), ARENA_WIDTH_UNITS - half); // keep the name inside the arena
      const preferBelow = p.y < LABEL_FLIP_Y;
      let shown = false;
      for (const below of [preferBelow, !preferBelow]) {
        const y = below ? p.y + LABEL_GAP : p.y - LABEL_GAP;
        const box: Box = { x: x - half, y: below ? y : y - label.displayHeight, w: 2 * half, h: label.displayHeight };
        if (!p.isSelf && placed.some((o) => overlaps(o, box))) continue;
        label.setOrigin(0.5, below ? 0 : 1).setPosition(x, y);
        placed.push(box);
        shown = true;
        break;
      }
      label.setVisible(shown).setAlpha(p.connected ? 1 : 0.5);
    }
  }

  /** The names drawn now, as boxes in world units (the debug hook reports them). */
  labelBoxes(): Array<{ x: number; y: number; width: number; height: number }> {
    return this.shown.map((b) => ({ x: b.x, y: b.y, width: b.w, height: b.h }));
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
        resolution: pixelRatio(),
      })
      .setOrigin(0.5, 1)
      .setDepth(20);
    const sprite: PlayerSprite = { body, label, ring, hue: p.hue };
    this.sprites.set(p.sessionId, sprite);
    return sprite;
  }
}
