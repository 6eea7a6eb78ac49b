import Phaser from "phaser";
import type { RoundEnded } from "../../shared/protocol.js";
import { ROUND_PHASE } from "../../shared/schema/state.js";
import type { GameSession, PlayerView } from "../net/session.js";
import type { GameFrame } from "../ui/gameFrame.js";
import { hillStatus } from "../ui/hillStatus.js";
import { HudPanel, type BoardRow, type Podium } from "../ui/hudPanel.js";
import type { ReplayData } from "./Replay.js";

const SCOREBOARD_ROWS = 8;

export interface HudData {
  session: GameSession;
  frame: GameFrame;
  /** A line for the notice feed on arrival (e.g. moved here after a server restart). */
  notice?: string;
}

/**
 * Heads-up display: drives the DOM HUD panel (`ui/hudPanel.ts`) in the frame's head, beside or
 * above the arena, once per frame: round clock, the mode's line, our score and rank, the
 * scoreboard, joins and leaves, and the round's podium with our rank during the intermission.
 */
export class Hud extends Phaser.Scene {
  private session!: GameSession;
  private panel!: HudPanel;
  /** Who was in the room at the last frame, by sessionId → name (for join/leave notices). */
  private known: Map<string, string> | undefined;
  /** "Watch replay" was pressed: leaving the room for the viewer. */
  private leaving = false;

  constructor() {
    super("Hud");
  }

  create(data: HudData): void {
    this.session = data.session;
    this.known = undefined;
    this.leaving = false;
    this.panel = new HudPanel(data.frame.head, data.frame.notices, (id) => void this.watchReplay(id));
    if (data.notice) this.panel.notice(data.notice);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.panel.destroy());
  }

  override update(): void {
    const clock = this.session.roundClock();
    const seconds = Math.ceil(clock.remainingMs / 1000);
    const playing = clock.phase === ROUND_PHASE.PLAYING;
    this.panel.setTimer(
      playing ? `Round ${clock.round} · ${formatClock(seconds)}` : clock.phase === ROUND_PHASE.ENDED ? `Next round in ${seconds}` : "Waiting for players…",
    );
    const players = this.session.players();
    this.panel.setModeLine(hillStatus(this.session.hill?.view(), players, playing));
    const ranked = rank(players);
    const selfIndex = ranked.findIndex((p) => p.isSelf);
    const self = ranked[selfIndex];
    this.panel.setMine(self ? `You: ${self.score} · ${ordinal(selfIndex + 1)} of ${ranked.length}` : "");
    const rows = ranked.slice(0, SCOREBOARD_ROWS).map((p, i) => row(p, i));
    if (selfIndex >= SCOREBOARD_ROWS && self) rows.push(row(self, selfIndex));
    this.panel.setBoard(rows);
    this.noticeJoinsAndLeaves(players);
    const last = this.session.lastRound;
    this.panel.setResult(clock.phase === ROUND_PHASE.ENDED && last ? podium(last, this.session.sessionId) : undefined);
  }

  /** Leaves the room (the Game scene stops) and opens the round's replay; it may take a moment to be stored. */
  private async watchReplay(id: string): Promise<void> {
    if (this.leaving) return;
    this.leaving = true;
    await this.session.leave();
    this.scene.stop("Game");
    this.scene.start("Replay", { id, justEnded: true } satisfies ReplayData);
  }

  private noticeJoinsAndLeaves(players: readonly PlayerView[]): void {
    const now = new Map(players.map((p) => [p.sessionId, p.name]));
    if (this.known) {
      for (const [id, name] of now) if (!this.known.has(id) && id !== this.session.sessionId) this.panel.notice(`${clip(name)} joined`);
      for (const [id, name] of this.known) if (!now.has(id)) this.panel.notice(`${clip(name)} left`);
    }
    if (players.length > 0) this.known = now; // the first state names everyone already here: no notices for them
  }
}

function rank(players: PlayerView[]): PlayerView[] {
  return players.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}

function row(p: PlayerView, i: number): BoardRow {
  return { rank: i + 1, name: clip(p.name), score: p.score, self: p.isSelf };
}

/** The round's top three, and our own place in it. */
export function podium(r: RoundEnded, selfId: string): Podium {
  const head = r.winnerName ? `Round ${r.round} won by ${clip(r.winnerName)}!` : `Round ${r.round}: nobody scored`;
  const rows = r.scores.slice(0, 3).map((s, i) => ({ rank: i + 1, name: clip(s.name), score: s.score, self: s.sessionId === selfId }));
  const at = r.scores.findIndex((s) => s.sessionId === selfId);
  const mine = at < 0 ? "" : `You: ${ordinal(at + 1)} of ${r.scores.length} · ${r.scores[at]!.score} ${r.scores[at]!.score === 1 ? "point" : "points"}`;
  return { head, rows, mine, ...(r.replayId ? { replayId: r.replayId } : {}) };
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** Names are at most 20 characters; the panel fits about 16 beside the score column. */
function clip(name: string): string {
  const chars = [...name];
  return chars.length > 16 ? `${chars.slice(0, 15).join("")}…` : name;
}

function formatClock(totalSeconds: number): string {
  const m = Math.floor(totalSeconds / 60);
  const s = totalSeconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}
