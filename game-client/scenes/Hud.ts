import Phaser from "phaser";
import type { RoundEnded } from "../../shared/protocol.js";
import { ROUND_PHASE } from "../../shared/schema/state.js";
import type { GameSession } from "../net/session.js";
import { TEXT_COLOR } from "../render/palette.js";
import type { GameData } from "./Game.js";

const SCOREBOARD_ROWS = 8;
const FONT = "system-ui, sans-serif";
const MARGIN_PX = 14;

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
    const style = { fontFamily: FONT, color: TEXT_COLOR.normal, stroke: "#000000", strokeThickness: 4 };
    this.timer = this.add.text(0, 0, "", { ...style, fontSize: "24px", fontStyle: "bold", align: "right" }).setOrigin(1, 0);
    this.scores = this.add.text(0, 0, "", { ...style, fontSize: "17px", align: "right", lineSpacing: 4 }).setOrigin(1, 0);
    this.result = this.add
      .text(0, 0, "", { ...style, fontSize: "30px", align: "center", color: TEXT_COLOR.gold, lineSpacing: 8, strokeThickness: 6 })
      .setOrigin(0.5, 0.5);
    this.layout();
    this.scale.on("resize", this.layout, this);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.scale.off("resize", this.layout, this));
  }

  /** Screen-space layout (this scene's camera is not zoomed): timer and scores top right, result centred. */
  private layout(): void {
    const { width, height } = this.scale.gameSize;
    this.timer.setPosition(width - MARGIN_PX, MARGIN_PX);
    this.scores.setPosition(width - MARGIN_PX, MARGIN_PX + 38);
    this.result.setPosition(width / 2, height * 0.4);
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
