import { NAME_MAX_CHARS, ROOM_CODE_LENGTH } from "../../shared/protocol.js";
import type { FeedStatus, RoomListing } from "../net/lobbyFeed.js";
import type { JoinRequest } from "../net/matchmaking.js";
import { GAME_MODES, type GameMode } from "../net/modes.js";
import { button, el } from "./dom.js";
import { controlsHint } from "./controlsHint.js";
import { MODE_TEXT } from "./modes.js";

const NAME_KEY = "orbArena.name";
/** Quick play, create public, create private, join by code, watch by code. */
const FIXED_ACTIONS = 5;

/** "3/16 players · 2 bots · 1 watching": humans out of the player seats, then bots and spectators when there are any. */
function seatsText(r: RoomListing): string {
  const parts = [`${r.humans}/${r.maxPlayers} players`];
  if (r.bots > 0) parts.push(`${r.bots} bot${r.bots === 1 ? "" : "s"}`);
  if (r.spectators > 0) parts.push(`${r.spectators} watching`);
  return parts.join(" · ");
}
const MODE_KEY = "orbArena.mode";

export interface LobbyActions {
  join(request: JoinRequest, name: string): void;
  /** The name field was changed (committed: blur or Enter). */
  rename?(name: string): void;
}

const FEED_TEXT: Record<FeedStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  unreachable: "Server unreachable — retrying…",
  restarting: "Server restarting — reconnecting…",
};

const RESTARTING_TEXT = "The server is restarting — waiting for it to come back…";
const BACK_TEXT = "The server is back. Quick play or pick a room.";

/**
 * The lobby screen (DOM over the canvas): name (remembered in localStorage), quick play, create a
 * public or private room, join by code, and the live list of public rooms.
 */
export class LobbyView {
  private readonly root: HTMLElement;
  private readonly nameInput: HTMLInputElement;
  private readonly codeInput: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLParagraphElement;
  private readonly feedStatus: HTMLSpanElement;
  private readonly message: HTMLParagraphElement;
  private readonly buttons: HTMLButtonElement[] = [];
  private readonly modeButtons = new Map<GameMode, HTMLButtonElement>();
  private readonly blurb: HTMLParagraphElement;
  /** The game quick play and create are for. */
  private mode: GameMode = loadMode();
  /** We came here because the server was restarting: say when it is back. */
  private awaitingServer: boolean;

  constructor(
    parent: HTMLElement,
    private readonly actions: LobbyActions,
    notice?: string,
    serverRestarting = false,
  ) {
    this.awaitingServer = serverRestarting;
    this.nameInput = el("input", {
      testId: "name-input",
      attrs: { type: "text", maxlength: String(NAME_MAX_CHARS), placeholder: "Your name", autocomplete: "nickname", "aria-label": "Your name" },
    });
    this.nameInput.value = loadName();
    this.nameInput.addEventListener("change", () => {
      saveName(this.nameInput.value);
      this.actions.rename?.(this.nameInput.value);
    });
    this.nameInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !this.root.hasAttribute("aria-busy")) this.join({ kind: "quick", mode: this.mode });
    });

    this.codeInput = el("input", {
      testId: "code-input",
      className: "code",
      attrs: { type: "text", maxlength: String(ROOM_CODE_LENGTH + 2), placeholder: "CODE", autocomplete: "off", spellcheck: "false", "aria-label": "Room code" },
    });
    this.codeInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.joinByCode();
    });

    this.list = el("ul", { className: "room-list", testId: "room-list" });
    this.empty = el("p", { className: "muted", testId: "room-list-empty", text: "No open rooms yet — create one or quick play." });
    this.feedStatus = el("span", { className: "feed-status", testId: "lobby-status", text: FEED_TEXT.connecting });
    this.message = el("p", { className: "lobby-message", testId: "lobby-error", attrs: { role: "alert", "aria-live": "polite" } });
    if (serverRestarting) this.showMessage(RESTARTING_TEXT, "info");
    else if (notice) this.showMessage(notice);

    const quick = this.action("Quick play", "quick-play", () => this.join({ kind: "quick", mode: this.mode }), "btn primary");
    const createPublic = this.action("Create public room", "create-public", () => this.join({ kind: "create", mode: this.mode, private: false }));
    const createPrivate = this.action("Create private room", "create-private", () => this.join({ kind: "create", mode: this.mode, private: true }));
    const modeSwitch = el("div", { className: "mode-switch", testId: "mode-switch", attrs: { role: "group", "aria-label": "Game" } });
    for (const mode of Object.keys(GAME_MODES) as GameMode[]) {
      const b = button(MODE_TEXT[mode].label, `mode-${mode}`, () => this.setMode(mode), "btn mode");
      this.modeButtons.set(mode, b);
      modeSwitch.append(b);
    }
    this.blurb = el("p", { className: "muted", testId: "mode-blurb" });
    this.setMode(this.mode);
    const joinCode = this.action("Join", "join-code", () => this.joinByCode());
    const watchCode = this.action("Watch", "watch-code", () => this.join({ kind: "watch", code: this.codeInput.value }));

    this.root = el(
      "div",
      { className: "lobby panel", testId: "lobby" },
      el("h1", { text: "Orb Arena" }),
      el("label", { className: "field" }, el("span", { text: "Name" }), this.nameInput),
      modeSwitch,
      this.blurb,
      controlsHint(),
      el("div", { className: "row" }, quick),
      el("div", { className: "row" }, createPublic, createPrivate),
      el("div", { className: "row" }, this.codeInput, joinCode, watchCode),
      this.message,
      el("div", { className: "rooms-head" }, el("h2", { text: "Open rooms" }), this.feedStatus),
      this.list,
      this.empty,
    );
    parent.append(this.root);
    if (!this.nameInput.value) this.nameInput.focus();
  }

  setRooms(rooms: RoomListing[]): void {
    const items = rooms.map((r) => {
      const join = this.action(r.full ? "Full" : "Join", "room-join", () => this.join({ kind: "code", code: r.roomId, mode: r.mode }), "btn small");
      join.disabled = r.full;
      const watch = this.action("Watch", "room-watch", () => this.join({ kind: "watch", code: r.roomId, mode: r.mode }), "btn small");
      const item = el(
        "li",
        {
          className: "room-item",
          testId: "room-item",
          attrs: { "data-room-id": r.roomId, "data-clients": String(r.clients), "data-humans": String(r.humans), "data-bots": String(r.bots), "data-spectators": String(r.spectators), "data-mode": r.mode },
        },
        el("span", { className: "room-code", text: r.roomId }),
        el("span", { className: "room-mode", testId: "room-mode", text: MODE_TEXT[r.mode].tag }),
        el("span", { className: "room-count", testId: "room-count", text: seatsText(r) }),
        join,
        watch,
      );
      return item;
    });
    this.buttons.splice(FIXED_ACTIONS); // keep the fixed actions; room buttons are rebuilt
    this.list.replaceChildren(...items);
    this.empty.hidden = rooms.length > 0;
  }

  setFeedStatus(status: FeedStatus): void {
    this.feedStatus.textContent = FEED_TEXT[status];
    this.feedStatus.dataset.state = status;
    if (status === "live" && this.awaitingServer) {
      this.awaitingServer = false;
      this.showMessage(BACK_TEXT, "info");
    }
  }

  /** Adds a section at the end of the lobby panel (the recent replays). */
  append(section: HTMLElement): void {
    this.root.append(section);
  }

  /** The name as typed. */
  get name(): string {
    return this.nameInput.value;
  }

  /** Disables every action while a join is in flight. */
  setBusy(busy: boolean, label = "Joining…"): void {
    for (const b of this.buttons) b.disabled = busy || b.textContent === "Full";
    this.root.setAttribute("aria-busy", String(busy));
    if (busy) this.showMessage(label, "info");
  }

  showMessage(text: string, kind: "error" | "info" = "error"): void {
    this.message.textContent = text;
    this.message.dataset.kind = kind;
  }

  destroy(): void {
    this.root.remove();
  }

  private join(request: JoinRequest): void {
    const name = this.nameInput.value.trim();
    saveName(name);
    this.actions.join(request, name);
  }

  /** Picks the game quick play and create are for (remembered for the next visit). */
  private setMode(mode: GameMode): void {
    this.mode = mode;
    saveMode(mode);
    for (const [m, b] of this.modeButtons) b.setAttribute("aria-pressed", String(m === mode));
    this.blurb.textContent = MODE_TEXT[mode].blurb;
  }

  private joinByCode(): void {
    this.join({ kind: "code", code: this.codeInput.value });
  }

  private action(label: string, testId: string, onClick: () => void, className = "btn"): HTMLButtonElement {
    const b = button(label, testId, onClick, className);
    this.buttons.push(b);
    return b;
  }
}

function loadName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? "";
  } catch {
    return ""; // storage disabled
  }
}

function loadMode(): GameMode {
  try {
    const saved = localStorage.getItem(MODE_KEY);
    return saved && saved in GAME_MODES ? (saved as GameMode) : "arena";
  } catch {
    return "arena";
  }
}

function saveMode(mode: GameMode): void {
  try {
    localStorage.setItem(MODE_KEY, mode);
  } catch {
    // storage disabled: the choice is simply not remembered
  }
}

function saveName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // storage disabled: the name is simply not remembered
  }
}
