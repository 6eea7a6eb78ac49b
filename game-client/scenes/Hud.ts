import Phaser from "phaser";
import type { RoundEnded } from "../../shared/protocol.js";
import { ROUND_PHASE } from "../../shared/schema/state.js";
import { ARENA_WIDTH_UNITS } from "../../shared/sim/constants.js";
import type { GameSession } from "../net/session.js";
import { TEXT_COLOR } from "../render/palette.js";
import type { GameData } from "./Game.js";

const SCOREBOARD_ROWS = 8;
const FONT = "system-ui, sans-serif";

/** Heads-up display over the arena: round timer, scoreboard and the last round's result. */
export class Hud extends Phaser.Scene {
  private session!: GameSession;
  private timer!: Phaser.GameObjects.Text;
  private scores!: Phaser.GameObjects.Text;
  private result!: Phaser.GameObjects.Text;
  private lastScoreText = "";

  constructor() {
    super("Hud");
  }

  create(data: GameData): void {
    this.session = data.session;
    const style = { fontFamily: FONT, color: TEXT_COLOR.normal, stroke: "#000000", strokeThickness: 5 };
    this.timer = this.add.text(ARENA_WIDTH_UNITS / 2, 24, "", { ...style, fontSize: "40px", fontStyle: "bold" }).setOrigin(0.5, 0);
    this.scores = this.add.text(ARENA_WIDTH_UNITS - 24, 24, "", { ...style, fontSize: "24px", align: "right", lineSpacing: 6 }).setOrigin(1, 0);
    this.result = this.add
      .text(ARENA_WIDTH_UNITS / 2, 300, "", { ...style, fontSize: "44px", align: "center", color: TEXT_COLOR.gold, lineSpacing: 10, strokeThickness: 7 })
      .setOrigin(0.5, 0);
  }

  override update(): void {
    const clock = this.session.roundClock();
    const seconds = Math.ceil(clock.remainingMs / 1000);
    if (clock.phase === ROUND_PHASE.PLAYING) this.timer.setText(`Round ${clock.round}  ·  ${formatClock(seconds)}`);
    else if (clock.phase === ROUND_PHASE.ENDED) this.timer.setText(`Next round in ${seconds}`);
    else this.timer.setText("Waiting for players…");

    const text = this.scoreboard();
    if (text !== this.lastScoreText) {
      this.lastScoreText = text;
      this.scores.setText(text);
    }
    const last = this.session.lastRound;
    this.result.setText(clock.phase === ROUND_PHASE.ENDED && last ? resultText(last) : "");
  }

  private scoreboard(): string {
    const players = this.session.players().sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    const rows = players.slice(0, SCOREBOARD_ROWS).map((p, i) => `${i + 1}. ${p.isSelf ? "▶ " : ""}${p.name}  ${p.score}`);
    const selfRank = players.findIndex((p) => p.isSelf);
    const self = players[selfRank];
    if (self && selfRank >= SCOREBOARD_ROWS) rows.push(`${selfRank + 1}. ▶ ${self.name}  ${self.score}`);
    return rows.join("\n");
  }
}

function formatClock(totalSeconds: number): string {
  const m = Math.floor(totalSeconds / 60);
  const s = totalSeconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

function resultText(r: RoundEnded): string {
  const head = r.winnerName ? `Round ${r.round} won by ${r.winnerName}!` : `Round ${r.round}: nobody scored`;
  const top = r.scores.slice(0, 3).map((s, i) => `${i + 1}. ${s.name} — ${s.score}`);
  return [head, ...top].join("\n");
}
