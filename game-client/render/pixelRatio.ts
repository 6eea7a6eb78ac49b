import type Phaser from "phaser";

/** The device pixel ratio the canvas renders at (capped: a 3× phone gains little for 2.25× the pixels). */
export function pixelRatio(): number {
  return Math.min(2, Math.max(1, window.devicePixelRatio || 1));
}

/**
 * Keeps the canvas's backing store at the device pixel ratio: the game size is the parent's CSS
 * size times the ratio, and the scale manager's zoom (1 / ratio) draws it back at the CSS size.
 * Scenes work in device pixels (`pixelRatio()` converts CSS pixels into them).
 */
export function fitCanvasToParent(game: Phaser.Game, parent: HTMLElement): void {
  const fit = () => {
    const ratio = pixelRatio();
    const w = Math.max(1, Math.round(parent.clientWidth * ratio));
    const h = Math.max(1, Math.round(parent.clientHeight * ratio));
    if (game.scale.zoom !== 1 / ratio) game.scale.setZoom(1 / ratio);
    if (game.scale.width !== w || game.scale.height !== h) game.scale.resize(w, h);
  };
  const observer = new ResizeObserver(fit);
  observer.observe(parent);
  game.events.once("ready", fit);
  game.events.once("destroy", () => observer.disconnect());
}
