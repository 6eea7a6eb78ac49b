import type Phaser from "phaser";
import { ORB_RADIUS_UNITS, PLAYER_RADIUS_UNITS } from "../../shared/sim/constants.js";
import { COLOR } from "./palette.js";

/** Texture keys generated at boot (the game has no image files). */
export const TEXTURE = {
  player: "player-disk",
  selfRing: "self-ring",
  orb: "orb",
  goldOrb: "gold-orb",
} as const;

/** Draws the few shapes the game uses once into textures, so sprites batch on the GPU. */
export function generateTextures(scene: Phaser.Scene): void {
  const g = scene.add.graphics();
  const r = PLAYER_RADIUS_UNITS;

  g.fillStyle(0xffffff, 1).fillCircle(r, r, r);
  g.lineStyle(3, 0x000000, 0.25).strokeCircle(r, r, r - 1.5);
  g.generateTexture(TEXTURE.player, r * 2, r * 2);
  g.clear();

  const ring = r + 6;
  g.lineStyle(3, COLOR.self, 0.9).strokeCircle(ring, ring, ring - 2);
  g.generateTexture(TEXTURE.selfRing, ring * 2, ring * 2);
  g.clear();

  const o = ORB_RADIUS_UNITS;
  g.fillStyle(COLOR.orb, 0.25).fillCircle(o * 2, o * 2, o * 2);
  g.fillStyle(COLOR.orb, 1).fillCircle(o * 2, o * 2, o);
  g.generateTexture(TEXTURE.orb, o * 4, o * 4);
  g.clear();

  g.fillStyle(COLOR.gold, 0.3).fillCircle(o * 2, o * 2, o * 2);
  g.lineStyle(2, 0xffffff, 0.8).strokeCircle(o * 2, o * 2, o * 1.5);
  g.fillStyle(COLOR.gold, 1).fillCircle(o * 2, o * 2, o * 1.2);
  g.generateTexture(TEXTURE.goldOrb, o * 4, o * 4);
  g.destroy();
}
