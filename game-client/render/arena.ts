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
