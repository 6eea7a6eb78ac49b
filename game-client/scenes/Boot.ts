import Phaser from "phaser";
import { generateTextures } from "../render/textures.js";

/** Prepares what every other scene draws with (generated textures), then opens the lobby. */
export class Boot extends Phaser.Scene {
  constructor() {
    super("Boot");
  }

  create(): void {
    generateTextures(this);
    this.scene.start("Lobby");
  }
}
