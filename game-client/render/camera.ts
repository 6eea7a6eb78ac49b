import type Phaser from "phaser";
import { ARENA_HEIGHT_UNITS, ARENA_WIDTH_UNITS } from "../../shared/sim/constants.js";
import { pixelRatio } from "./pixelRatio.js";

/**
 * Smallest zoom, in CSS pixels per world unit: a player (20 units) is at least 12 px in radius
 * and an orb 5 px, however small the screen. Where the whole arena fits at this zoom or more it
 * is shown whole; otherwise the camera follows the local player.
 */
export const MIN_ZOOM_CSS_PX_PER_UNIT = 0.6;
/** Space kept around the arena inside its cell when it is shown whole, in CSS pixels. */
const FIT_MARGIN_CSS_PX = 6;

export interface CssRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The arena camera: drawn only inside the arena's cell of the page (`cell()`, CSS pixels),
 * zoomed to show the whole arena when that keeps things big enough, else following `focus()`
 * (the local player) within the arena's bounds.
 */
export class ArenaCamera {
  private readonly camera: Phaser.Cameras.Scene2D.Camera;
  /** The cell last applied, CSS pixels. */
  viewport: CssRect = { x: 0, y: 0, width: 1, height: 1 };

  constructor(scene: Phaser.Scene, private readonly cell: () => CssRect) {
    this.camera = scene.cameras.main;
    this.layout();
  }

  /** Re-reads the cell (after a resize or a panel changing size). */
  layout(): void {
    const r = this.cell();
    const ratio = pixelRatio();
    this.viewport = { x: r.x, y: r.y, width: Math.max(1, r.width), height: Math.max(1, r.height) };
    const { x, y, width, height } = this.viewport;
    this.camera.setViewport(Math.round(x * ratio), Math.round(y * ratio), Math.round(width * ratio), Math.round(height * ratio));
    const fit = Math.min((width - 2 * FIT_MARGIN_CSS_PX) / ARENA_WIDTH_UNITS, (height - 2 * FIT_MARGIN_CSS_PX) / ARENA_HEIGHT_UNITS);
    this.camera.setZoom(Math.max(fit, MIN_ZOOM_CSS_PX_PER_UNIT) * ratio);
  }

  /** Once per frame: centres on `focus` (clamped to the arena), or on the arena when none. */
  follow(focus: { x: number; y: number } | undefined): void {
    const c = this.camera;
    c.centerOn(axis(focus?.x, c.width / c.zoom, ARENA_WIDTH_UNITS), axis(focus?.y, c.height / c.zoom, ARENA_HEIGHT_UNITS));
  }

  /** Camera zoom in CSS pixels per world unit (for sizing labels). */
  cssZoom(): number {
    return this.camera.zoom / pixelRatio();
  }

  /** The part of the arena on screen, in world units. */
  worldView(): CssRect {
    const v = this.camera.worldView;
    return { x: v.x, y: v.y, width: v.width, height: v.height };
  }
}

/** Where to centre one axis: the arena's middle when the view spans it, else `at` kept a half view from the walls. */
function axis(at: number | undefined, viewUnits: number, arenaUnits: number): number {
  if (at === undefined || viewUnits >= arenaUnits) return arenaUnits / 2;
  const half = viewUnits / 2;
  return Math.min(Math.max(at, half), arenaUnits - half);
}
