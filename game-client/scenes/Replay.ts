import Phaser from "phaser";
import { debugSource, type DebugReplay } from "../debugHook.js";
import { ReplayError } from "../../shared/replay/errors.js";
import type { DecodedReplay } from "../../shared/replay/format.js";
import { hashText } from "../../shared/replay/hash.js";
import { verifyReplay } from "../../shared/replay/run.js";
import { drawArena } from "../render/arena.js";
import { ArenaCamera } from "../render/camera.js";
import { EffectLayer } from "../render/effects.js";
import { HillLayer } from "../render/hill.js";
import { OrbLayer } from "../render/orbs.js";
import { PlayerLayer } from "../render/players.js";
import { clearReplayFromPage, loadReplay, replayLink, showReplayInPage, ReplayLoadError } from "../replay/api.js";
import { ReplayPlayer, SPEEDS, type ReplaySpeed } from "../replay/player.js";
import { GameFrame } from "../ui/gameFrame.js";
import { hillStatus } from "../ui/hillStatus.js";
import { HudPanel } from "../ui/hudPanel.js";
import { uiLayer } from "../ui/overlay.js";
import { ReplayControls, ReplayNotice } from "../ui/replayControls.js";
import type { LobbyData } from "./Lobby.js";

export interface ReplayData {
  id: string;
  /** Opened from a round's result: its replay may be stored a moment after the round ended (404s are asked again for ~2 s). */
  justEnded?: boolean;
}

const SCOREBOARD_ROWS = 8;
/** A just-ended round's replay: 404s asked again this many times, this far apart. */
const JUST_ENDED_RETRIES = 5;
const JUST_ENDED_RETRY_MS = 400;

/**
 * The replay viewer: a recorded round re-simulated in the page (replay/player.ts) and drawn by the
 * live game's own layers (arena, orbs, players, pickup effects) in the same frame as a game, the
 * camera following the leader as a watcher's does. The HUD panel shows the clock and the
 * scoreboard; the controls play/pause, change speed and seek. The whole replay is also verified
 * once (verifyReplay) and its final hash reported to the debug hook.
 */
export class Replay extends Phaser.Scene {
  private id = "";
  private player: ReplayPlayer | undefined;
  private replay: DecodedReplay | undefined;
  private camera!: ArenaCamera;
  private orbs!: OrbLayer;
  private players!: PlayerLayer;
  private effects!: EffectLayer;
  /** King of the Hill replays: the hill. */
  private hill: HillLayer | undefined;
  private frame!: GameFrame;
  private hud!: HudPanel;
  private notice!: ReplayNotice;
  private controls: ReplayControls | undefined;
  private status: DebugReplay["status"] = "loading";
  private error: string | null = null;
  private verified: { finalHash: string | null; error: string | null } = { finalHash: null, error: null };
  private abort: AbortController | undefined;
  private cleanups: Array<() => void> = [];
  /** Steps applied at the last frame were a jump (seek): no pickup effects for the orbs it removed. */
  private jumped = false;

  constructor() {
    super("Replay");
  }

  create(data: ReplayData): void {
    this.id = data.id;
    this.player = undefined;
    this.replay = undefined;
    this.controls = undefined;
    this.hill = undefined;
    this.status = "loading";
    this.error = null;
    this.verified = { finalHash: null, error: null };
    showReplayInPage(data.id);
    debugSource.replay(() => this.debug());
    drawArena(this);
    const ui = uiLayer(this.game);
    this.frame = new GameFrame(ui);
    this.frame.root.dataset.mode = "replay";
    this.camera = new ArenaCamera(this, () => this.frame.playRect());
    this.orbs = new OrbLayer(this);
    this.effects = new EffectLayer(this);
    this.players = new PlayerLayer(this);
    this.notice = new ReplayNotice(this.frame.notices, () => this.back());
    this.hud = new HudPanel(this.frame.head, this.frame.notices);
    this.hud.setTimer("Loading replay…");
    const offResize = this.frame.onResize(() => this.camera.layout());
    this.cleanups = [offResize, () => this.notice.destroy(), () => this.hud.destroy(), () => this.controls?.destroy(), () => this.frame.destroy(), () => this.effects.destroy()];
    debugSource.view(() => ({ play: this.camera.viewport, world: this.camera.worldView(), effects: this.effects.counts(), labels: this.players.labelBoxes() }));
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.teardown());
    this.notice.show("Loading replay…", "loading");
    void this.open(data);
  }

  override update(time: number, delta: number): void {
    const player = this.player;
    if (!player || this.status === "error") return this.camera.follow(undefined); // the arena, centred, behind the message
    let applied = 0;
    try {
      applied = player.advance(delta);
    } catch (err) {
      return this.fail(err);
    }
    const views = player.players();
    const leader = views.reduce<(typeof views)[number] | undefined>((best, p) => (!best || p.score > best.score ? p : best), undefined);
    this.camera.follow(leader);
    const gone = this.orbs.sync(player.orbs(), time);
    this.effects.sync(this.jumped || applied > 4 ? [] : gone, views, this.camera.cssZoom(), 0, time);
    this.jumped = false;
    this.players.sync(views, this.camera.cssZoom());
    const hill = player.hill();
    this.hill?.sync(hill, views, time, this.camera.worldView());
    this.hud.setModeLine(hillStatus(hill, views, !player.ended));
    this.status = player.playing ? "playing" : player.ended ? "ended" : "paused";
    this.hud.setTimer(player.ended ? "Round over" : clock(player.seconds));
    const ranked = [...views].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    this.hud.setBoard(ranked.slice(0, SCOREBOARD_ROWS).map((p, i) => ({ rank: i + 1, name: p.name, score: p.score, self: false })));
    this.controls?.update({ playing: player.playing, speed: player.speed, step: player.step, total: player.total, time: `${clock(player.seconds)} / ${clock(player.totalSeconds)}` });
    debugSource.frame();
  }

  private async open(data: ReplayData): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    let replay: DecodedReplay;
    try {
      const retries = data.justEnded ? { retries: JUST_ENDED_RETRIES, retryMs: JUST_ENDED_RETRY_MS } : {};
      ({ replay } = await loadReplay(data.id, { ...retries, signal: abort.signal }));
    } catch (err) {
      if (abort.signal.aborted) return;
      if (err instanceof ReplayLoadError && err.kind === "missing" && data.justEnded) return this.fail(new Error("This round's replay is not available."));
      return this.fail(err);
    }
    if (abort.signal.aborted) return;
    try {
      this.player = new ReplayPlayer(replay);
    } catch (err) {
      return this.fail(err);
    }
    this.replay = replay;
    if (replay.header.game === "hill") this.hill = new HillLayer(this);
    this.notice.hide();
    this.controls = new ReplayControls(
      this.frame.head,
      this.frame.dock,
      this.title(),
      {
        toggle: () => this.player?.toggle(),
        speed: (s) => this.player?.setSpeed(s as ReplaySpeed),
        seek: (step) => this.seek(step),
        back: () => this.back(),
        copyLink: () => this.copyLink(),
      },
      SPEEDS,
    );
    this.camera.layout();
    this.status = "playing";
    // The whole round re-simulated once more, off the first frame: the hash a test compares with Node's.
    this.time.delayedCall(50, () => this.verify());
  }

  private verify(): void {
    if (!this.replay) return;
    try {
      this.verified = { finalHash: hashText(verifyReplay(this.replay).finalHash), error: null };
    } catch (err) {
      this.verified = { finalHash: null, error: err instanceof Error ? err.message : String(err) };
    }
  }

  private seek(step: number): void {
    try {
      this.player?.seek(step);
      this.jumped = true;
    } catch (err) {
      this.fail(err);
    }
  }

  private copyLink(): void {
    const link = replayLink(this.id);
    const clipboard = navigator.clipboard;
    if (!clipboard) return this.controls?.copied(false);
    clipboard.writeText(link).then(
      () => this.controls?.copied(true),
      () => this.controls?.copied(false),
    );
  }

  /** The replay cannot be shown: say why in the arena's cell, with a way back to the lobby. */
  private fail(err: unknown): void {
    const message = err instanceof ReplayLoadError ? err.message : err instanceof ReplayError ? `This replay cannot be played: ${err.message}.` : err instanceof Error ? err.message : String(err);
    this.status = "error";
    this.error = message;
    if (this.player) this.player.playing = false;
    this.hud.setTimer("Replay unavailable");
    this.notice.show(message, "error");
  }

  private back(): void {
    this.abort?.abort();
    clearReplayFromPage();
    this.scene.start("Lobby", {} satisfies LobbyData);
  }

  private title(): string {
    const h = this.replay?.header;
    return h ? `Room ${h.roomId} · round ${h.round}` : "Replay";
  }

  private debug(): DebugReplay {
    const p = this.player;
    return {
      id: this.id,
      status: this.status,
      step: p?.step ?? 0,
      steps: p?.total ?? 0,
      speed: p?.speed ?? 1,
      checkpoints: p?.kept ?? 0,
      hash: p ? hashText(p.hash()) : null,
      finalHash: this.verified.finalHash,
      recordedFinalHash: this.replay ? hashText(this.replay.header.finalHash) : null,
      verifyError: this.verified.error,
      error: this.error,
      players: (p?.players() ?? []).map((v) => ({ x: v.x, y: v.y, name: v.name, score: v.score })),
    };
  }

  private teardown(): void {
    this.abort?.abort();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.player = undefined;
  }
}

function clock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
