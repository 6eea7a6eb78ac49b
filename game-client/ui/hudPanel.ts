import { button, el } from "./dom.js";

export interface BoardRow {
  rank: number;
  name: string;
  score: number;
  self: boolean;
}

export interface Podium {
  head: string;
  rows: BoardRow[];
  /** Our own line ("You: 4th of 7 · 3 points"), or "" when we were not in the round. */
  mine: string;
  /** The round's replay, when it was recorded: the card offers "Watch replay". */
  replayId?: string;
}

/**
 * The HUD as a DOM panel in the frame's head (beside or above the arena, never over it): round
 * clock, the game mode's line, our score, the scoreboard and a short feed of joins and leaves.
 * The round result is a card in the arena's cell, shown only during the intermission.
 */
export class HudPanel {
  private readonly root: HTMLElement;
  private readonly timer = el("div", { className: "hud-timer", testId: "hud-timer" });
  private readonly modeLine = el("div", { className: "hud-mode", testId: "hud-mode" });
  private readonly mine = el("div", { className: "hud-mine", testId: "hud-mine" });
  private readonly board = el("ol", { className: "hud-board", testId: "hud-board" });
  private readonly feed = el("ul", { className: "hud-feed", testId: "hud-feed", attrs: { "aria-live": "polite" } });
  private readonly result: HTMLElement;
  private lastBoard = "";
  private lastResult = "";

  constructor(
    head: HTMLElement,
    notices: HTMLElement,
    /** "Watch replay" on the round's result card was pressed. */
    private readonly onWatchReplay?: (replayId: string) => void,
  ) {
    this.root = el("section", { className: "hud panel", testId: "hud", attrs: { "aria-label": "Scores" } }, this.timer, this.modeLine, this.mine, this.board, this.feed);
    head.append(this.root);
    this.result = el("div", { className: "round-result panel", testId: "round-result", attrs: { role: "status" } });
    this.result.hidden = true;
    notices.append(this.result);
  }

  setTimer(text: string): void {
    if (this.timer.textContent !== text) this.timer.textContent = text;
  }

  setModeLine(text: string): void {
    if (this.modeLine.textContent !== text) this.modeLine.textContent = text;
    this.modeLine.hidden = text === "";
  }

  setMine(text: string): void {
    if (this.mine.textContent !== text) this.mine.textContent = text;
  }

  setBoard(rows: BoardRow[]): void {
    const key = rows.map((r) => `${r.rank}|${r.name}|${r.score}|${r.self}`).join("\n");
    if (key === this.lastBoard) return;
    this.lastBoard = key;
    this.board.replaceChildren(...rows.map((r) => boardRow(r)));
  }

  /** A line in the feed ("Bob joined"); the oldest goes when there are more than `keep`. */
  notice(text: string, keep = 3): void {
    this.feed.append(el("li", { className: "hud-notice", testId: "hud-notice", text }));
    while (this.feed.children.length > keep) this.feed.firstElementChild?.remove();
  }

  /** Shows the round's podium and our rank, or hides the card (undefined). */
  setResult(podium: Podium | undefined): void {
    const key = podium ? JSON.stringify(podium) : "";
    if (key === this.lastResult) return;
    this.lastResult = key;
    this.result.hidden = !podium;
    if (!podium) return this.result.replaceChildren();
    this.result.replaceChildren(
      el("h2", { className: "result-head", testId: "result-head", text: podium.head }),
      el("ol", { className: "result-podium", testId: "result-podium" }, ...podium.rows.map((r) => boardRow(r))),
      ...(podium.mine ? [el("p", { className: "result-mine", testId: "result-mine", text: podium.mine })] : []),
      ...(podium.replayId && this.onWatchReplay ? [watchButton(podium.replayId, this.onWatchReplay)] : []),
    );
  }

  destroy(): void {
    this.root.remove();
    this.result.remove();
  }
}

function watchButton(replayId: string, onWatch: (replayId: string) => void): HTMLButtonElement {
  const b = button("Watch replay", "watch-replay", () => onWatch(replayId), "btn small");
  b.dataset.replayId = replayId;
  // The card sits on the arena's touch surface: a press here is for the button, not the stick (whose pointer capture would take the click).
  b.addEventListener("pointerdown", (e) => e.stopPropagation());
  return b;
}

function boardRow(r: BoardRow): HTMLLIElement {
  return el(
    "li",
    { className: "board-row", testId: "board-row", attrs: { "data-self": String(r.self) } },
    el("span", { className: "board-rank", text: `${r.rank}.` }),
    el("span", { className: "board-name", text: r.name, attrs: { dir: "auto", title: r.name } }),
    el("span", { className: "board-score", text: String(r.score) }),
  );
}
