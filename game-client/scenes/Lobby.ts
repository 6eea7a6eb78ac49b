import Phaser from "phaser";
import { debugSource } from "../debugHook.js";
import { globalChat } from "../net/chat.js";
import { LobbyFeed } from "../net/lobbyFeed.js";
import { joinGame, type JoinRequest } from "../net/matchmaking.js";
import { describeJoinError } from "../net/joinErrors.js";
import { drawArena, fitArenaToScreen } from "../render/arena.js";
import { ChatPanel } from "../ui/chatPanel.js";
import { el } from "../ui/dom.js";
import { LobbyView } from "../ui/lobbyView.js";
import { LOBBY_REPLAYS, ReplayList } from "../ui/replayList.js";
import { listReplays } from "../replay/api.js";
import type { ReplayData } from "./Replay.js";
import { uiLayer } from "../ui/overlay.js";

export interface LobbyData {
  /** Shown on arrival, e.g. why we came back from a room. */
  notice?: string;
  /** The room closed because the server is shutting down (4001): say so until it is back. */
  serverRestarting?: boolean;
}

/**
 * The lobby: the DOM lobby view over a dimmed arena, the live room list, joining, and the
 * global chat beside it (talking through the lobby room, joined under the player's name).
 */
export class Lobby extends Phaser.Scene {
  private view: LobbyView | undefined;
  private feed: LobbyFeed | undefined;
  private chat: ChatPanel | undefined;
  private screen: HTMLElement | undefined;
  private joining = false;
  private replays: AbortController | undefined;

  constructor() {
    super("Lobby");
  }

  create(data: LobbyData = {}): void {
    debugSource.lobby();
    drawArena(this).setAlpha(0.35);
    fitArenaToScreen(this);
    this.joining = false;
    const channel = globalChat();
    this.screen = el("div", { className: "lobby-screen", testId: "lobby-screen" });
    uiLayer(this.game).append(this.screen);
    const view = new LobbyView(
      this.screen,
      { join: (request, name) => void this.join(request, name), rename: (name) => this.rename(name) },
      data.notice,
      data.serverRestarting,
    );
    this.view = view;
    const replays = new ReplayList((id) => this.watchReplay(id));
    view.append(replays.root);
    const abort = (this.replays = new AbortController());
    listReplays(LOBBY_REPLAYS, abort.signal).then(
      (list) => replays.set(list),
      (err: unknown) => abort.signal.aborted || replays.failed(err instanceof Error ? err.message : String(err)),
    );
    this.chat = new ChatPanel(this.screen, [{ label: "Global", channel, placeholder: "Chat with everyone" }], {
      className: "lobby-chat",
      enterFocuses: false,
      beforeSend: () => this.rename(view.name),
    });
    this.feed = new LobbyFeed(
      {
        rooms: (list) => this.view?.setRooms(list),
        status: (status) => this.view?.setFeedStatus(status),
        joined: (room, name) => channel.attach(room, () => name || "Guest"),
        left: (room) => channel.detach(room),
      },
      view.name,
      data.serverRestarting,
    );
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.teardown());
  }

  /** The lobby rejoins under a new name; global messages wait for it, so they carry the name. */
  private rename(name: string): void {
    const feed = this.feed;
    if (feed) globalChat().hold(feed.setName(name));
  }

  private watchReplay(id: string): void {
    if (this.joining) return;
    this.scene.start("Replay", { id } satisfies ReplayData);
  }

  private async join(request: JoinRequest, name: string): Promise<void> {
    if (this.joining) return;
    this.joining = true;
    this.view?.setBusy(true, request.kind === "create" ? "Creating room…" : "Joining…");
    try {
      const session = await joinGame(request, name);
      if (!this.view) {
        await session.leave(); // the scene went away while we were joining
        return;
      }
      this.scene.start("Game", { session });
    } catch (err) {
      this.joining = false;
      this.view?.setBusy(false);
      this.view?.showMessage(describeJoinError(err).message);
    }
  }

  private teardown(): void {
    this.replays?.abort();
    this.replays = undefined;
    this.feed?.close();
    this.feed = undefined;
    this.chat?.destroy();
    this.chat = undefined;
    this.view?.destroy();
    this.view = undefined;
    this.screen?.remove();
    this.screen = undefined;
  }
}
