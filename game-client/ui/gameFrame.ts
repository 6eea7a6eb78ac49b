import { el } from "./dom.js";

/**
 * The in-game page: a CSS grid that gives the arena its own cell (`play`) and puts every panel
 * in the others, so no panel can cover the arena. Wide screens (landscape, ≥ 640 px) get a side
 * column (room bar, HUD, emotes and chat); narrow and portrait ones a top band (room bar, HUD)
 * and a bottom dock (emotes, chat). The Game scene's camera is sized to `play`'s box.
 */
export class GameFrame {
  readonly root: HTMLDivElement;
  /** The arena's cell: the touch surface, and where the camera draws. */
  readonly play: HTMLDivElement;
  /** Room bar and HUD go here (top band or top of the side column). */
  readonly head: HTMLDivElement;
  /** Emote bar and chat (bottom band or rest of the side column). */
  readonly dock: HTMLDivElement;
  /** Messages over the arena's cell that come and go (round result, join/leave notices). */
  readonly notices: HTMLDivElement;

  constructor(parent: HTMLElement) {
    this.play = el("div", { className: "play-area play-surface", testId: "play-surface" });
    this.notices = el("div", { className: "play-notices", testId: "play-notices" });
    this.play.append(this.notices);
    this.head = el("div", { className: "frame-head", testId: "frame-head" });
    this.dock = el("div", { className: "frame-dock", testId: "frame-dock" });
    this.root = el("div", { className: "game-frame", testId: "game-frame" }, this.play, this.head, this.dock);
    parent.append(this.root);
  }

  /** The arena cell's box in CSS pixels, relative to the page. */
  playRect(): DOMRect {
    return this.play.getBoundingClientRect();
  }

  /** Calls `fn` whenever the arena cell changes size (panels grow, the window turns). */
  onResize(fn: () => void): () => void {
    const observer = new ResizeObserver(() => fn());
    observer.observe(this.play);
    observer.observe(this.root);
    return () => observer.disconnect();
  }

  destroy(): void {
    this.root.remove();
  }
}
