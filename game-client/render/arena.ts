import type Phaser from "phaser";
import { ARENA_HEIGHT_UNITS, ARENA_WIDTH_UNITS } from "../../shared/sim/constants.js";
import { COLOR } from "./palette.js";

const GRID_UNITS = 100;

/** The arena floor: a filled rectangle with a grid and a border, in world units. */
export function drawArena(scene: Phaser.Scene): Phaser.GameObjects.Graphics {
  const g = scene.add.graphics();
  g.fillStyle(COLOR.arena, 1).fillRect(0, 0, ARENA_WIDTH_UNITS, ARENA_HEIGHT_UNITS);
  g.lineStyle(1, COLOR.grid, 1);
  for (let x = GRID_UNITS; x < ARENA_WIDTH_UNITS; x += GRID_UNITS) g.lineBetween(x, 0, x, ARENA_HEIGHT_UNITS);
  for (let y = GRID_UNITS; y < ARENA_HEIGHT_UNITS; y += GRID_UNITS) g.lineBetween(0, y, ARENA_WIDTH_UNITS, y);
  g.lineStyle(4, COLOR.border, 1).strokeRect(2, 2, ARENA_WIDTH_UNITS - 4, ARENA_HEIGHT_UNITS - 4);
  return g;
}

/** Space kept around the arena when fitting it to the screen, in screen pixels. */
const FIT_MARGIN_PX = 8;

/**
 * Zooms and centres `scene`'s main camera so the whole arena fits the canvas, now and on every
 * resize. Returns nothing to clean up: the listener goes away with the scene.
 */
export function fitArenaToScreen(scene: Phaser.Scene): void {
  const fit = () => {
    const { width, height } = scene.scale.gameSize;
    const zoom = Math.max(0.05, Math.min((width - 2 * FIT_MARGIN_PX) / ARENA_WIDTH_UNITS, (height - 2 * FIT_MARGIN_PX) / ARENA_HEIGHT_UNITS));
    const camera = scene.cameras.main;
    camera.setZoom(zoom);
    camera.centerOn(ARENA_WIDTH_UNITS / 2, ARENA_HEIGHT_UNITS / 2);
  };
  fit();
  scene.scale.on("resize", fit);
  scene.events.once("shutdown", () => scene.scale.off("resize", fit));
}
