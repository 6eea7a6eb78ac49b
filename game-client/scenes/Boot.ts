import Phaser from "phaser";
import { debugSource } from "../debugHook.js";
import { generateTextures } from "../render/textures.js";

/** Prepares what every other scene draws with (generated textures), then opens the lobby. */
export class Boot extends Phaser.Scene {
  constructor() {
    super("Boot");
  }

  create(): void {
    debugSource.renderer(this.game.renderer.type === Phaser.CANVAS ? "canvas" : "webgl");
    generateTextures(this);
    this.scene.start("Lobby");
  }
}
