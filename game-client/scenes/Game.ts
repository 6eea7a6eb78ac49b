import Phaser from "phaser";
import { debugSource } from "../debugHook.js";
import { Keyboard } from "../input/keyboard.js";
import { TouchStick } from "../input/touchStick.js";
import { describeJoinError } from "../net/joinErrors.js";
import { rejoinGame, switchToPlaying } from "../net/matchmaking.js";
import type { GameSession } from "../net/session.js";
import type { DashIntent } from "../../shared/sim/dash.js";
import { drawArena } from "../render/arena.js";
import { ArenaCamera } from "../render/camera.js";
import { EffectLayer } from "../render/effects.js";
import { EmoteLayer } from "../render/emotes.js";
import { HillLayer } from "../render/hill.js";
import { OrbLayer } from "../render/orbs.js";
import { PlayerLayer } from "../render/players.js";
import { ChatPanel } from "../ui/chatPanel.js";
import { isTouchDevice } from "../ui/controlsHint.js";
import { DashButton } from "../ui/dashButton.js";
import { ConnectionBanner } from "../ui/connectionBanner.js";
import { EmoteBar } from "../ui/emoteBar.js";
import { GameFrame } from "../ui/gameFrame.js";
import { MuteButton } from "../ui/muteButton.js";
import { uiLayer } from "../ui/overlay.js";
import { RoomBar } from "../ui/roomBar.js";
import type { HudData } from "./Hud.js";
import type { LobbyData } from "./Lobby.js";

/** Below this height (or width) the chat starts folded to its button. */
const CHAT_OPEN_MIN_PX = 520;

export interface GameData {
  session: GameSession;
  /** Shown in the HUD's notice feed on arrival. */
  notice?: string;
}

/** The HUD notice after a server restart moved the player (net/rejoin.ts). */
export const REJOINED_NOTICE = "Server restarting — moved you to a new room";
/** Under the "Server restarting…" banner while the client looks for a new room. */
const REJOINING_TEXT = "The game server is restarting, so this room has closed. Moving you to a new room…";

/**
 * The arena: reads keyboard and touch, drives the session once per frame (prediction and input),
 * and draws orbs and players. The page is a GameFrame: the arena's camera draws only in its cell,
 * the panels (room bar, HUD, emotes, chat) sit in the others; the HUD scene fills its panel.
 */
export class Game extends Phaser.Scene {
  private session!: GameSession;
  private keyboard!: Keyboard;
  private stick!: TouchStick;
  private players!: PlayerLayer;
  private orbs!: OrbLayer;
  private effects!: EffectLayer;
  private camera!: ArenaCamera;
  /** King of the Hill only: the hill and the players' emotes. */
  private hill: { zone: HillLayer; emotes: EmoteLayer } | undefined;
  private cleanups: Array<() => void> = [];
  /** The arena's dash (Space or a button); none in King of the Hill. */
  private dash: DashButton | undefined;
  private bar: RoomBar | undefined;
  private exiting = false;
  /** Aborted when the player leaves for the lobby while a rejoin is under way. */
  private rejoin: AbortController | undefined;

  constructor() {
    super("Game");
  }

  create(data: GameData): void {
    this.session = data.session;
    this.exiting = false;
    this.rejoin = undefined;
    debugSource.game(this.session);
    drawArena(this);
    const ui = uiLayer(this.game);
    const frame = new GameFrame(ui);
    this.camera = new ArenaCamera(this, () => frame.playRect());
    this.orbs = new OrbLayer(this);
    this.effects = new EffectLayer(this);
    this.players = new PlayerLayer(this);
    const hillLink = this.session.hill;
    this.hill = hillLink ? { zone: new HillLayer(this), emotes: new EmoteLayer(this) } : undefined;

    this.keyboard = new Keyboard();
    this.stick = new TouchStick(frame.play);
    const watching = this.session.info.spectating ? { onPlay: () => void this.takeSeat() } : undefined;
    const bar = new RoomBar(frame.head, { roomId: this.session.roomId, createdPrivate: this.session.info.createdPrivate, onLeave: () => void this.exit(), watching });
    this.bar = bar;
    const mute = new MuteButton(bar.tools);
    const touch = isTouchDevice();
    const chat = new ChatPanel(
      frame.dock,
      [
        { label: "Room", channel: this.session.chat, placeholder: touch ? "Chat with this room" : "Press Enter to chat with this room" },
        { label: "Global", channel: this.session.globalChat, placeholder: touch ? "Chat with everyone" : "Press Enter to chat with everyone" },
      ],
      { collapsible: { collapsed: Math.min(window.innerWidth, window.innerHeight) < CHAT_OPEN_MIN_PX }, onToggle: () => this.camera.layout() },
    );
    const offResize = frame.onResize(() => this.camera.layout());
    const banner = new ConnectionBanner(ui, () => {
      const closed = this.session.closeInfo;
      void this.exit(closed ? { notice: closed.detail || closed.title, serverRestarting: closed.kind === "restarting" } : {});
    });
    const offStatus = this.session.onStatus((status) => {
      const closed = this.session.closeInfo;
      // A restart close (4001): the room is gone with its process; find a new one by ourselves (a watcher goes to the lobby).
      if (status === "closed" && closed?.kind === "restarting" && !this.session.info.spectating) {
        banner.show(status, { ...closed, detail: REJOINING_TEXT });
        void this.moveAfterRestart();
        return;
      }
      banner.show(status, closed);
    });
    this.cleanups = [offStatus, offResize, () => banner.destroy(), () => chat.destroy(), () => mute.destroy(), () => bar.destroy(), () => this.stick.dispose(), () => frame.destroy(), () => this.keyboard.dispose(), () => this.effects.destroy()];
    if (hillLink && this.hill) {
      const { emotes } = this.hill;
      const emoteBar = new EmoteBar(frame.dock, (emote) => hillLink.emote(emote));
      const offEmoted = hillLink.onEmoted((e) => emotes.show(e.from, e.emote, this.time.now));
      this.cleanups.push(offEmoted, () => emoteBar.destroy(), () => emotes.destroy());
    }

    this.dash = hillLink || this.session.info.spectating ? undefined : new DashButton(frame.dock, touch);
    if (this.dash) this.cleanups.push(() => this.dash?.destroy());
    frame.dock.append(chat.element); // after the emote bar: the chat takes what is left of the dock
    this.scene.launch("Hud", { session: this.session, frame, notice: data.notice } satisfies HudData);
    debugSource.view(() => ({ play: this.camera.viewport, world: this.camera.worldView(), effects: this.effects.counts(), labels: this.players.labelBoxes() }));
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.teardown());
  }

  override update(time: number): void {
    const keys = this.keyboard.intent();
    const intent = keys.dx !== 0 || keys.dy !== 0 ? keys : this.stick.intent();
    const move: DashIntent = this.dash?.take() ? { ...intent, dash: 1 } : intent;
    this.session.frame(time, move); // the dash request rides along to net/motion.ts
    const players = this.session.players();
    this.dash?.show(this.session.dash()?.cooldown ?? 0);
    // A watcher has no player of its own: the camera follows the leader.
    this.camera.follow(players.find((p) => p.isSelf) ?? (this.session.info.spectating ? leaderOf(players) : undefined));
    this.effects.sync(this.orbs.sync(this.session.orbs(), time), players, this.camera.cssZoom(), this.session.roundClock().round, time);
    this.players.sync(players, this.camera.cssZoom());
    this.bar?.update(this.session.spectators(), this.session.seatOpen());
    if (this.hill) {
      this.hill.zone.sync(this.session.hill?.view(), players, time, this.camera.worldView());
      this.hill.emotes.sync(players, time);
    }
    debugSource.frame();
  }

  /** Back to the lobby, leaving the room if we are still in it. */
  private async exit(data: LobbyData = {}): Promise<void> {
    this.rejoin?.abort();
    if (this.exiting) return;
    this.exiting = true;
    await this.session.leave();
    this.scene.stop("Hud");
    this.scene.start("Lobby", data);
  }

  /** The server closed the room for a restart: into a room on another process, with a notice; the lobby if none is found. */
  private async moveAfterRestart(): Promise<void> {
    if (this.exiting || this.rejoin) return;
    const rejoin = new AbortController();
    this.rejoin = rejoin;
    try {
      const moved = await rejoinGame(this.session, rejoin.signal);
      if (rejoin.signal.aborted || this.exiting) {
        await moved.result.leave();
        return;
      }
      this.exiting = true;
      await this.session.leave();
      this.scene.stop("Hud");
      this.scene.restart({ session: moved.result, notice: REJOINED_NOTICE } satisfies GameData);
    } catch {
      if (rejoin.signal.aborted) return; // the player went to the lobby meanwhile
      const closed = this.session.closeInfo;
      this.rejoin = undefined;
      void this.exit({ notice: closed?.detail, serverRestarting: true });
    }
  }

  /** A watcher takes a free seat: the same room again, as a player (back to the lobby with the reason if that fails). */
  private async takeSeat(): Promise<void> {
    if (this.exiting) return;
    this.exiting = true;
    try {
      const session = await switchToPlaying(this.session);
      this.scene.stop("Hud");
      this.scene.restart({ session } satisfies GameData);
    } catch (err) {
      this.scene.stop("Hud");
      this.scene.start("Lobby", { notice: describeJoinError(err).message } satisfies LobbyData);
    }
  }

  private teardown(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}

/** The player with the highest score (the first listed on a tie), for a watcher's camera. */
function leaderOf<P extends { score: number }>(players: readonly P[]): P | undefined {
  return players.reduce<P | undefined>((best, p) => (!best || p.score > best.score ? p : best), undefined);
}
