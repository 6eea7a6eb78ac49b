import type { ReplayMeta } from "../../shared/replay/meta.js";
import { button, el } from "./dom.js";

/** How many replays the lobby lists. */
export const LOBBY_REPLAYS = 10;

/**
 * The lobby's "Replays" section: the recent recorded rounds (room, round, when, how long, the
 * players with their final scores, the winner first), each with Watch.
 */
export class ReplayList {
  readonly root: HTMLElement;
  private readonly list = el("ul", { className: "replay-list", testId: "replay-list" });
  private readonly status = el("p", { className: "muted replay-list-status", testId: "replay-list-status", text: "Loading…" });

  constructor(private readonly watch: (id: string) => void) {
    this.root = el("section", { className: "replays", testId: "replays" }, el("div", { className: "rooms-head" }, el("h2", { text: "Replays" })), this.list, this.status);
  }

  set(replays: readonly ReplayMeta[], now = Date.now()): void {
    this.list.replaceChildren(...replays.map((r) => this.item(r, now)));
    this.status.hidden = replays.length > 0;
    this.status.textContent = "No rounds recorded yet — finished rounds show up here.";
  }

  failed(message: string): void {
    this.list.replaceChildren();
    this.status.hidden = false;
    this.status.textContent = `Replays unavailable: ${message}`;
  }

  private item(r: ReplayMeta, now: number): HTMLLIElement {
    const players = [...r.players].sort((a, b) => b.score - a.score);
    const who = players.length === 0 ? "no players" : players.map((p) => `${p.name} (${p.score})`).join(" · ");
    return el(
      "li",
      { className: "replay-item", testId: "replay-item", attrs: { "data-replay-id": r.id } },
      el(
        "div",
        { className: "replay-info" },
        el("div", { className: "replay-line" }, el("span", { className: "room-code", text: r.roomId }), el("span", { className: "muted", text: ` round ${r.round} · ${ago(r.startedAt, now)} · ${duration(r.durationMs)}` })),
        el("div", { className: "replay-players", testId: "replay-players", text: who, attrs: { title: who } }),
      ),
      button("Watch", "replay-watch", () => this.watch(r.id), "btn small"),
    );
  }
}

/** "just now", "5 min ago", "3 h ago", or the date. */
export function ago(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return "";
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(at).toLocaleDateString();
}

/** "0:42", "2:00". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
