import Phaser from "phaser";
import type { RoundEnded } from "../../shared/protocol.js";
import { ROUND_PHASE } from "../../shared/schema/state.js";
import type { GameSession } from "../net/session.js";
import { COLOR, TEXT_COLOR } from "../render/palette.js";
import { hillStatus } from "../ui/hillStatus.js";
import type { GameData } from "./Game.js";

const SCOREBOARD_ROWS = 8;
const FONT = "system-ui, sans-serif";
const MARGIN_PX = 10;
const PAD_PX = 10;
const PANEL_WIDTH_PX = 230;
/** Below this width the DOM room bar spans the top: the panel goes under it. */
const NARROW_PX = 640;
const UNDER_ROOM_BAR_PX = 64;

/**
 * Heads-up display over the arena, in screen pixels (this scene's camera is not zoomed): round
 * timer and scoreboard on a panel at the top right, the last round's result in the centre.
 */
export class Hud extends Phaser.Scene {
  private session!: GameSession;
  private panel!: Phaser.GameObjects.Graphics;
  private timer!: Phaser.GameObjects.Text;
  /** A line of the game mode's own (King of the Hill: who holds the hill); empty in the arena. */
  private modeLine!: Phaser.GameObjects.Text;
  private names!: Phaser.GameObjects.Text;
  private scores!: Phaser.GameObjects.Text;
  private result!: Phaser.GameObjects.Text;
  private resultPanel!: Phaser.GameObjects.Graphics;
  private lastBoard = "";

  constructor() {
    super("Hud");
  }

  create(data: GameData): void {
    this.session = data.session;
    const style = { fontFamily: FONT, color: TEXT_COLOR.normal };
    this.panel = this.add.graphics();
    this.timer = this.add.text(0, 0, "", { ...style, fontSize: "22px", fontStyle: "bold" }).setOrigin(0.5, 0);
    this.modeLine = this.add.text(0, 0, "", { ...style, fontSize: "15px", color: TEXT_COLOR.gold, align: "center", lineSpacing: 3 }).setOrigin(0.5, 0);
    this.names = this.add.text(0, 0, "", { ...style, fontSize: "16px", lineSpacing: 5 });
    this.scores = this.add.text(0, 0, "", { ...style, fontSize: "16px", lineSpacing: 5, fontStyle: "bold", align: "right" }).setOrigin(1, 0);
    this.resultPanel = this.add.graphics();
    this.result = this.add.text(0, 0, "", { ...style, fontSize: "22px", align: "center", lineSpacing: 8 }).setOrigin(0.5, 0.5);
    this.layout();
    this.scale.on("resize", this.layout, this);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.scale.off("resize", this.layout, this));
  }

  override update(): void {
    const clock = this.session.roundClock();
    const seconds = Math.ceil(clock.remainingMs / 1000);
    if (clock.phase === ROUND_PHASE.PLAYING) this.timer.setText(`Round ${clock.round} · ${formatClock(seconds)}`);
    else if (clock.phase === ROUND_PHASE.ENDED) this.timer.setText(`Next round in ${seconds}`);
    else this.timer.setText("Waiting for players…");

    const mode = hillStatus(this.session.hill?.view(), this.session.players(), clock.phase === ROUND_PHASE.PLAYING);
    if (mode !== this.modeLine.text) {
      this.modeLine.setText(mode);
      this.layout();
    }

    const board = this.scoreboard();
    const key = board.map((r) => r.join("\t")).join("\n");
    if (key !== this.lastBoard) {
      this.lastBoard = key;
      this.names.setText(board.map((r) => r[0]).join("\n"));
      this.scores.setText(board.map((r) => r[1]).join("\n"));
      this.layout();
    }
    const last = this.session.lastRound;
    const result = clock.phase === ROUND_PHASE.ENDED && last ? resultText(last) : "";
    if (result !== this.result.text) {
      this.result.setText(result);
      this.layout();
    }
  }

  private layout(): void {
    const { width, height } = this.scale.gameSize;
    const left = width - MARGIN_PX - PANEL_WIDTH_PX;
    const top = width < NARROW_PX ? UNDER_ROOM_BAR_PX : MARGIN_PX;
    this.timer.setPosition(left + PANEL_WIDTH_PX / 2, top + PAD_PX);
    this.modeLine.setPosition(left + PANEL_WIDTH_PX / 2, top + PAD_PX + 34);
    const rowsTop = top + PAD_PX + 34 + (this.modeLine.text ? this.modeLine.height + 10 : 0);
    this.names.setPosition(left + PAD_PX, rowsTop);
    this.scores.setPosition(left + PANEL_WIDTH_PX - PAD_PX, rowsTop);
    const panelHeight = rowsTop - top + this.names.height + PAD_PX;
    this.panel.clear();
    this.panel.fillStyle(COLOR.background, 0.82).fillRoundedRect(left, top, PANEL_WIDTH_PX, panelHeight, 10);
    this.panel.lineStyle(1, COLOR.border, 1).strokeRoundedRect(left, top, PANEL_WIDTH_PX, panelHeight, 10);
    this.result.setPosition(width / 2, height * 0.4);
    this.resultPanel.clear();
    if (this.result.text) {
      const w = this.result.width + 4 * PAD_PX;
      const h = this.result.height + 3 * PAD_PX;
      this.resultPanel.fillStyle(COLOR.background, 0.9).fillRoundedRect(width / 2 - w / 2, height * 0.4 - h / 2, w, h, 12);
      this.resultPanel.lineStyle(2, COLOR.gold, 1).strokeRoundedRect(width / 2 - w / 2, height * 0.4 - h / 2, w, h, 12);
    }
  }

  /** Rows of [name, score], best first; we are marked, and shown even when outside the top rows. */
  private scoreboard(): Array<[string, string]> {
    const players = this.session.players().sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    const row = (i: number): [string, string] => {
      const p = players[i]!;
      return [`${i + 1}. ${p.isSelf ? "▶ " : ""}${clip(p.name)}`, String(p.score)];
    };
    const rows = players.slice(0, SCOREBOARD_ROWS).map((_, i) => row(i));
    const selfRank = players.findIndex((p) => p.isSelf);
    if (selfRank >= SCOREBOARD_ROWS) rows.push(row(selfRank));
    return rows;
  }
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

function resultText(r: RoundEnded): string {
  const head = r.winnerName ? `Round ${r.round} won by ${r.winnerName}!` : `Round ${r.round}: nobody scored`;
  const top = r.scores.slice(0, 3).map((s, i) => `${i + 1}. ${s.name} — ${s.score}`);
  return [head, "", ...top].join("\n");
}
