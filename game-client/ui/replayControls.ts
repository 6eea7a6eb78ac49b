import { button, el } from "./dom.js";

export interface ReplayControlActions {
  toggle(): void;
  speed(speed: number): void;
  /** The seek bar was moved to `step` (while dragging, and when let go). */
  seek(step: number): void;
  back(): void;
  copyLink(): void;
}

export interface ReplayControlState {
  playing: boolean;
  speed: number;
  step: number;
  total: number;
  /** "0:12 / 0:30". */
  time: string;
}

/**
 * The viewer's strip: the replay's title, a copy-link button and Back to lobby (head), and the
 * transport (dock): play/pause, 1×/2×/4×, a seek bar and where we are. Buttons and the bar are
 * big enough for a thumb; the bar is a native range input (touch, mouse and keys alike).
 */
export class ReplayControls {
  private readonly bar: HTMLElement;
  private readonly transport: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly speeds = new Map<number, HTMLButtonElement>();
  private readonly seekBar: HTMLInputElement;
  private readonly position = el("span", { className: "replay-position", testId: "replay-position" });
  private readonly copy: HTMLButtonElement;
  private shown = "";
  private dragging = false;

  constructor(head: HTMLElement, dock: HTMLElement, title: string, actions: ReplayControlActions, speeds: readonly number[]) {
    this.copy = button("Copy link", "replay-copy-link", () => actions.copyLink(), "btn small");
    this.bar = el(
      "header",
      { className: "room-bar replay-bar panel", testId: "replay-bar" },
      el("span", { className: "replay-tag", text: "Replay" }),
      el("span", { className: "replay-title", testId: "replay-title", text: title }),
      el("span", { className: "spacer" }),
      this.copy,
      button("Back to lobby", "replay-back", () => actions.back(), "btn small"),
    );
    head.prepend(this.bar); // above the HUD, as the room bar is

    this.playButton = button("Pause", "replay-play", () => actions.toggle(), "btn replay-play");
    const speedGroup = el("div", { className: "replay-speeds", attrs: { role: "group", "aria-label": "Speed" } });
    for (const s of speeds) {
      const b = button(`${s}×`, "replay-speed", () => actions.speed(s), "btn replay-speed");
      b.dataset.speed = String(s);
      this.speeds.set(s, b);
      speedGroup.append(b);
    }
    this.seekBar = el("input", { className: "replay-seek", testId: "replay-seek", attrs: { type: "range", min: "0", max: "0", step: "1", value: "0", "aria-label": "Seek" } });
    this.seekBar.addEventListener("input", () => {
      this.dragging = true;
      actions.seek(Number(this.seekBar.value));
    });
    this.seekBar.addEventListener("change", () => {
      this.dragging = false;
      actions.seek(Number(this.seekBar.value));
    });
    this.transport = el(
      "section",
      { className: "replay-controls panel", testId: "replay-controls", attrs: { "aria-label": "Replay controls" } },
      el("div", { className: "replay-row" }, this.playButton, speedGroup, this.position),
      this.seekBar,
    );
    dock.append(this.transport);
  }

  /** Once per frame (cheap when nothing changed). */
  update(s: ReplayControlState): void {
    const key = `${s.playing}|${s.speed}|${s.step}|${s.total}|${s.time}`;
    if (key === this.shown) return;
    this.shown = key;
    this.playButton.textContent = s.playing ? "Pause" : s.step >= s.total ? "Replay" : "Play";
    this.playButton.dataset.playing = String(s.playing);
    for (const [speed, b] of this.speeds) b.setAttribute("aria-pressed", String(speed === s.speed));
    this.seekBar.max = String(s.total);
    if (!this.dragging) this.seekBar.value = String(s.step);
    this.position.textContent = `${s.time} · step ${s.step}/${s.total}`;
    this.position.dataset.step = String(s.step);
  }

  /** Feedback of the copy-link button. */
  copied(ok: boolean): void {
    this.copy.textContent = ok ? "Link copied" : "Copy failed";
  }

  destroy(): void {
    this.bar.remove();
    this.transport.remove();
  }
}

/** A card in the arena's cell: the replay is loading, or why it cannot be shown (with a way back). */
export class ReplayNotice {
  private readonly root: HTMLElement;
  private readonly text = el("p", { className: "replay-notice-text", testId: "replay-message" });

  constructor(parent: HTMLElement, back: () => void) {
    this.root = el(
      "div",
      { className: "replay-notice panel", testId: "replay-notice", attrs: { role: "alert", "aria-live": "polite" } },
      this.text,
      button("Back to lobby", "replay-notice-back", back, "btn"),
    );
    this.root.hidden = true;
    parent.append(this.root);
  }

  show(text: string, kind: "loading" | "error"): void {
    this.root.hidden = false;
    this.root.dataset.kind = kind;
    this.text.textContent = text;
  }

  hide(): void {
    this.root.hidden = true;
  }

  destroy(): void {
    this.root.remove();
  }
}
