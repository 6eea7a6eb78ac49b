import Phaser from "phaser";
import { installDebugHook } from "./debugHook.js";
import { COLOR } from "./render/palette.js";
import { fitCanvasToParent, pixelRatio } from "./render/pixelRatio.js";
import { chooseRenderer } from "./render/rendererChoice.js";
import { Boot } from "./scenes/Boot.js";
import { Game } from "./scenes/Game.js";
import { Hud } from "./scenes/Hud.js";
import { Lobby } from "./scenes/Lobby.js";
import { Replay } from "./scenes/Replay.js";
import { createLayers, storeLayers } from "./ui/overlay.js";

/**
 * Starts Orb Arena inside `parent`: a Phaser stage filling it at the device pixel ratio (the arena's camera follows the player) with a
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
    // The backing store is the box's size times the device pixel ratio, drawn back at the box's
    // CSS size (crisp on 2× screens); fitCanvasToParent keeps it so on every resize.
    scale: { mode: Phaser.Scale.NONE, width: Math.max(1, layers.stage.clientWidth * pixelRatio()), height: Math.max(1, layers.stage.clientHeight * pixelRatio()), zoom: 1 / pixelRatio() },
    input: { keyboard: false, mouse: false, touch: false, gamepad: false },
    scene: [Boot, Lobby, Game, Hud, Replay],
  });
  fitCanvasToParent(game, layers.stage);
  storeLayers(game, layers);
  return game;
}
