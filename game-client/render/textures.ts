import type Phaser from "phaser";
import { ORB_RADIUS_UNITS } from "../../shared/sim/constants.js";
import { COLOR } from "./palette.js";

/** Texture keys generated at boot (the game has no image files). */
export const TEXTURE = {
  orb: "orb",
  goldOrb: "gold-orb",
} as const;

/** Draws the orbs once into textures: there are many of them, and images batch well. */
export function generateTextures(scene: Phaser.Scene): void {
  const g = scene.add.graphics();
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
