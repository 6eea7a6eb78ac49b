import Phaser from "phaser";
import { ARENA_HEIGHT_UNITS, ARENA_WIDTH_UNITS } from "../shared/sim/constants.js";
import { installDebugHook } from "./debugHook.js";
import { COLOR } from "./render/palette.js";
import { Boot } from "./scenes/Boot.js";
import { Game } from "./scenes/Game.js";
import { Hud } from "./scenes/Hud.js";
import { Lobby } from "./scenes/Lobby.js";
import { createLayers, storeLayers } from "./ui/overlay.js";

/**
 * Starts Orb Arena inside `parent`: a Phaser stage (one world unit = one canvas pixel, scaled to
 * fit) with a DOM layer over it for the lobby, chat and panels. Input is read from the DOM, so
 * Phaser's own input plugins are off.
 */
export function StartGame(parent: HTMLElement): Phaser.Game {
  const layers = createLayers(parent);
  installDebugHook();
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent: layers.stage,
    backgroundColor: COLOR.background,
    banner: false,
    scale: {
      mode: Phaser.Scale.FIT,
      autoCenter: Phaser.Scale.CENTER_BOTH,
      width: ARENA_WIDTH_UNITS,
      height: ARENA_HEIGHT_UNITS,
    },
    input: { keyboard: false, mouse: false, touch: false, gamepad: false },
    scene: [Boot, Lobby, Game, Hud],
  });
  storeLayers(game, layers);
  return game;
}
