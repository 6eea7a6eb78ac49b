import Phaser from "phaser";
import { debugSource } from "../debugHook.js";
import { Keyboard } from "../input/keyboard.js";
import { TouchStick } from "../input/touchStick.js";
import type { GameSession } from "../net/session.js";
import { drawArena, fitArenaToScreen } from "../render/arena.js";
import { EmoteLayer } from "../render/emotes.js";
import { HillLayer } from "../render/hill.js";
import { OrbLayer } from "../render/orbs.js";
import { PlayerLayer } from "../render/players.js";
import { ChatPanel } from "../ui/chatPanel.js";
import { ConnectionBanner } from "../ui/connectionBanner.js";
import { EmoteBar } from "../ui/emoteBar.js";
import { el } from "../ui/dom.js";
import { uiLayer } from "../ui/overlay.js";
import { RoomBar } from "../ui/roomBar.js";
import type { LobbyData } from "./Lobby.js";

export interface GameData {
  session: GameSession;
}

/**
 * The arena: reads keyboard and touch, drives the session once per frame (prediction and input),
 * and draws orbs and players. DOM panels (room bar, chat, connection banner) sit over the canvas;
 * the HUD scene runs on top.
 */
export class Game extends Phaser.Scene {
  private session!: GameSession;
  private keyboard!: Keyboard;
  private stick!: TouchStick;
  private players!: PlayerLayer;
  private orbs!: OrbLayer;
  /** King of the Hill only: the hill and the players' emotes. */
  private hill: { zone: HillLayer; emotes: EmoteLayer } | undefined;
  private cleanups: Array<() => void> = [];
  private exiting = false;

  constructor() {
    super("Game");
  }

  create(data: GameData): void {
    this.session = data.session;
    this.exiting = false;
    debugSource.game(this.session);
    drawArena(this);
    fitArenaToScreen(this);
    this.orbs = new OrbLayer(this);
    this.players = new PlayerLayer(this);
    const hillLink = this.session.hill;
    this.hill = hillLink ? { zone: new HillLayer(this), emotes: new EmoteLayer(this) } : undefined;

    const ui = uiLayer(this.game);
    const surface = el("div", { className: "play-surface", testId: "play-surface" });
    ui.append(surface);
    this.keyboard = new Keyboard();
    this.stick = new TouchStick(surface);
    const bar = new RoomBar(ui, { roomId: this.session.roomId, createdPrivate: this.session.info.createdPrivate, onLeave: () => void this.exit() });
    const chat = new ChatPanel(ui, [
      { label: "Room", channel: this.session.chat, placeholder: "Press Enter to chat with this room" },
      { label: "Global", channel: this.session.globalChat, placeholder: "Press Enter to chat with everyone" },
    ]);
    const banner = new ConnectionBanner(ui, () => {
      const closed = this.session.closeInfo;
      void this.exit(closed ? { notice: closed.detail || closed.title, serverRestarting: closed.kind === "restarting" } : {});
    });
    const offStatus = this.session.onStatus((status) => banner.show(status, this.session.closeInfo));
    this.cleanups = [offStatus, () => banner.destroy(), () => chat.destroy(), () => bar.destroy(), () => this.stick.dispose(), () => surface.remove(), () => this.keyboard.dispose()];
    if (hillLink && this.hill) {
      const { emotes } = this.hill;
      const emoteBar = new EmoteBar(ui, (emote) => hillLink.emote(emote));
      const offEmoted = hillLink.onEmoted((e) => emotes.show(e.from, e.emote, this.time.now));
      this.cleanups.push(offEmoted, () => emoteBar.destroy(), () => emotes.destroy());
    }

    this.scene.launch("Hud", { session: this.session } satisfies GameData);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.teardown());
  }

  override update(time: number): void {
    const keys = this.keyboard.intent();
    const intent = keys.dx !== 0 || keys.dy !== 0 ? keys : this.stick.intent();
    this.session.frame(time, intent);
    this.orbs.sync(this.session.orbs(), time);
    const players = this.session.players();
    this.players.sync(players, this.cameras.main.zoom);
    if (this.hill) {
      this.hill.zone.sync(this.session.hill?.view(), players, time);
      this.hill.emotes.sync(players, time);
    }
    debugSource.frame();
  }

  /** Back to the lobby, leaving the room if we are still in it. */
  private async exit(data: LobbyData = {}): Promise<void> {
    if (this.exiting) return;
    this.exiting = true;
    await this.session.leave();
    this.scene.stop("Hud");
    this.scene.start("Lobby", data);
  }

  private teardown(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
