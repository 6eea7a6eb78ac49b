import Phaser from "phaser";
import { debugSource } from "../debugHook.js";
import { generateTextures } from "../render/textures.js";
import { replayIdFromPage } from "../replay/api.js";
import type { ReplayData } from "./Replay.js";

/** Prepares what every other scene draws with (generated textures), then opens the lobby (or the replay a `?replay=` link names). */
export class Boot extends Phaser.Scene {
  constructor() {
    super("Boot");
  }

  create(): void {
    debugSource.renderer(this.game.renderer.type === Phaser.CANVAS ? "canvas" : "webgl");
    generateTextures(this);
    const replay = replayIdFromPage();
    if (replay !== undefined) this.scene.start("Replay", { id: replay } satisfies ReplayData);
    else this.scene.start("Lobby");
  }
}
