import type Phaser from "phaser";

/** The two layers StartGame builds inside its parent: the Phaser stage and the DOM UI over it. */
export interface Layers {
  stage: HTMLDivElement;
  ui: HTMLDivElement;
}

const LAYERS_KEY = "orbArena.layers";

export function createLayers(parent: HTMLElement): Layers {
  parent.classList.add("orb-arena");
  const stage = document.createElement("div");
  stage.className = "stage";
  const ui = document.createElement("div");
  ui.className = "ui";
  parent.append(stage, ui);
  return { stage, ui };
}

export function storeLayers(game: Phaser.Game, layers: Layers): void {
  game.registry.set(LAYERS_KEY, layers);
}

/** The DOM layer over the canvas, for scenes that mount DOM panels. */
export function uiLayer(game: Phaser.Game): HTMLDivElement {
  const layers = game.registry.get(LAYERS_KEY) as Layers | undefined;
  if (!layers) throw new Error("StartGame did not set up the UI layer");
  return layers.ui;
}
