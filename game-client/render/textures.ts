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
  // Normal orb: a cyan dot with a faint halo. Gold orb: bigger, gold, ringed in white.
  const c = o * 2;
  g.fillStyle(COLOR.orb, 0.18).fillCircle(c, c, o * 1.5);
  g.fillStyle(COLOR.orb, 1).fillCircle(c, c, o);
  g.generateTexture(TEXTURE.orb, c * 2, c * 2);
  g.clear();

  g.fillStyle(COLOR.gold, 0.3).fillCircle(c, c, o * 2);
  g.fillStyle(COLOR.gold, 1).fillCircle(c, c, o * 1.3);
  g.lineStyle(2.5, 0xffffff, 0.95).strokeCircle(c, c, o * 1.3);
  g.generateTexture(TEXTURE.goldOrb, c * 2, c * 2);
  g.destroy();
}
