import Phaser from "phaser";
import { installDebugHook } from "./debugHook.js";
import { COLOR } from "./render/palette.js";
import { chooseRenderer } from "./render/rendererChoice.js";
import { Boot } from "./scenes/Boot.js";
import { Game } from "./scenes/Game.js";
import { Hud } from "./scenes/Hud.js";
import { Lobby } from "./scenes/Lobby.js";
import { createLayers, storeLayers } from "./ui/overlay.js";

/**
 * Starts Orb Arena inside `parent`: a Phaser stage filling it (the arena is zoomed to fit) with a
 * DOM layer over it for the lobby, chat and panels. Input is read from the DOM, so
 * Phaser's own input plugins are off.
 */
export function StartGame(parent: HTMLElement): Phaser.Game {
  const layers = createLayers(parent);
  installDebugHook();
  const game = new Phaser.Game({
    type: chooseRenderer(),
    parent: layers.stage,
    backgroundColor: COLOR.background,
    banner: false,
    // The canvas is exactly the size of its box (no CSS scaling: cheaper to composite, crisp
    // text); scenes zoom their camera to fit the arena.
    scale: { mode: Phaser.Scale.RESIZE, width: "100%", height: "100%" },
    input: { keyboard: false, mouse: false, touch: false, gamepad: false },
    scene: [Boot, Lobby, Game, Hud],
  });
  storeLayers(game, layers);
  return game;
}
