import Phaser from "phaser";
import { debugSource } from "../debugHook.js";
import { LobbyFeed } from "../net/lobbyFeed.js";
import { joinArena, type JoinRequest } from "../net/matchmaking.js";
import { describeJoinError } from "../net/joinErrors.js";
import { drawArena, fitArenaToScreen } from "../render/arena.js";
import { LobbyView } from "../ui/lobbyView.js";
import { uiLayer } from "../ui/overlay.js";

export interface LobbyData {
  /** Shown on arrival, e.g. why we came back from a room. */
  notice?: string;
}

/** The lobby: the DOM lobby view over a dimmed arena, the live room list, and joining. */
export class Lobby extends Phaser.Scene {
  private view: LobbyView | undefined;
  private feed: LobbyFeed | undefined;
  private joining = false;

  constructor() {
    super("Lobby");
  }

  create(data: LobbyData = {}): void {
    debugSource.lobby();
    drawArena(this).setAlpha(0.35);
    fitArenaToScreen(this);
    this.joining = false;
    this.view = new LobbyView(uiLayer(this.game), { join: (request, name) => void this.join(request, name) }, data.notice);
    this.feed = new LobbyFeed({
      rooms: (list) => this.view?.setRooms(list),
      status: (status) => this.view?.setFeedStatus(status),
    });
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.teardown());
  }

  private async join(request: JoinRequest, name: string): Promise<void> {
    if (this.joining) return;
    this.joining = true;
    this.view?.setBusy(true, request.kind === "create" ? "Creating room…" : "Joining…");
    try {
      const session = await joinArena(request, name);
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
    this.feed?.close();
    this.feed = undefined;
    this.view?.destroy();
    this.view = undefined;
  }
}
