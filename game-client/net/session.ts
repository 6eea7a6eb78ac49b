import { CloseCode, type Room } from "@colyseus/sdk";
import { CLOSE_CODE, ROOM, SERVER_MESSAGE, type RoundEnded } from "../../shared/protocol.js";
import { ROUND_PHASE, type ArenaState, type Orb, type Player, type RoundPhase } from "../../shared/schema/state.js";
import type { MoveIntent, Position } from "../../shared/sim/step.js";
import { ChatChannel, ROOM_CHANNEL, globalChat } from "./chat.js";
import { HillLink } from "./hillLink.js";
import { selfIn, waitForSelf, waitForState } from "./join.js";
import { GAME_MODES, modeOfRoom, type GameMode } from "./modes.js";
import { protocolRoom } from "./protocolRoom.js";
import { Motion } from "./motion.js";

const STILL: MoveIntent = { dx: 0, dy: 0 };

export type ConnectionStatus = "connected" | "reconnecting" | "closed";

/** What a scene needs to draw one player. */
export interface PlayerView {
  readonly sessionId: string;
  readonly name: string;
  readonly score: number;
  readonly hue: number;
  readonly connected: boolean;
  readonly isSelf: boolean;
  /** Where to draw it: predicted (us) or interpolated (others). */
  readonly x: number;
  readonly y: number;
}

export interface RoundClockView {
  phase: RoundPhase;
  round: number;
  /** Milliseconds left in the current phase (0 while waiting). */
  remainingMs: number;
}

/** Why the room connection closed for good: a kind for the UI to act on, and words for the player. */
export interface CloseInfo {
  kind: "left" | "restarting" | "kicked" | "flooding" | "lost" | "other";
  /** Short headline, e.g. "Server restarting…". */
  title: string;
  /** One or two sentences: what happened and what to do. */
  detail: string;
}

export interface SessionInfo {
  /** True when we created this room as private (its code is the only way in). */
  createdPrivate: boolean;
  /** Watching without a seat (joined with `spectate: true`): no player of ours, no input sent. */
  spectating: boolean;
  /** The name we joined with (a watcher who takes a seat plays under it). */
  name: string;
  /** We joined by the room's code (typed, a listed room, a friend's): after a restart close, try that code first. */
  joinedByCode: boolean;
}

/**
 * One joined arena room: state reads for rendering, movement (prediction), chat, round results
 * and the connection's ups and downs. The only object scenes talk to while playing; it owns the
 * SDK room, so scenes never see message names or payloads.
 */
export class GameSession {
  /** This room's chat. */
  readonly chat = new ChatChannel(ROOM_CHANNEL);
  /** The global chat (every room, the lobby, every process), talking through this room while in it. */
  readonly globalChat = globalChat();
  /** King of the Hill's own state and emotes, when this is a hill room (undefined in the arena). */
  readonly hill: HillLink | undefined;
  private readonly motion: Motion;
  private statusValue: ConnectionStatus = "connected";
  private closed: CloseInfo | undefined;
  private leaving = false;
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly roundListeners = new Set<(result: RoundEnded) => void>();
  lastRound: RoundEnded | undefined;

  constructor(
    private readonly room: Room<unknown, ArenaState>,
    readonly info: SessionInfo,
  ) {
    const myName = () => this.me()?.name ?? "";
    // Both channels ask for what they missed after each automatic reconnection (chatSince / globalChatSince).
    this.chat.attach(room, myName);
    this.globalChat.attach(room, myName);
    this.motion = new Motion(room);
    this.hill = room.name === ROOM.HILL ? new HillLink(room) : undefined;
    protocolRoom(room).onMessage(SERVER_MESSAGE.ROUND_ENDED, (r) => {
      this.lastRound = r;
      for (const listener of this.roundListeners) listener(r);
    });
    room.onDrop(() => this.setStatus("reconnecting"));
    room.onReconnect(() => this.setStatus("connected"));
    room.onLeave((code, reason) => {
      this.globalChat.detach(room);
      if (this.leaving) return;
      this.closed = describeClose(code, reason);
      this.setStatus("closed");
    });
    room.onMessage("*", () => {}); // messages this client does not show: ignored quietly
  }

  get sessionId(): string {
    return this.room.sessionId;
  }
  get roomId(): string {
    return this.room.roomId;
  }
  get status(): ConnectionStatus {
    return this.statusValue;
  }
  /** Why the room connection closed for good (undefined while it is open). */
  get closeInfo(): CloseInfo | undefined {
    return this.closed;
  }

  /** The game played in this room. */
  get mode(): GameMode {
    return modeOfRoom(this.room.name) ?? "arena";
  }

  /** Clients watching this room without a seat. */
  spectators(): number {
    return this.room.state?.spectators ?? 0;
  }

  /** A player seat is free for a human (server bots step aside). */
  seatOpen(): boolean {
    let humans = 0;
    for (const p of this.room.state?.players?.values() ?? []) if (!p.bot) humans++;
    return humans < GAME_MODES[this.mode].maxPlayers;
  }

  /** Resolves once our own player is in the synchronized state (one round trip after joining); a watcher's once the state is. */
  waitUntilReady(timeoutMs = 8000): Promise<void> {
    const ready = this.info.spectating ? waitForState(this.room, () => this.room.state?.players !== undefined, timeoutMs, "first state") : waitForSelf(this.room, timeoutMs);
    return ready.catch(() => {
      throw new Error("The room did not send its state in time.");
    });
  }

  /** Once per rendered frame: predict, send the inputs due, advance interpolation (a watcher has no player: nothing is sent). */
  frame(now: number, intent: MoveIntent): void {
    if (this.statusValue === "closed") return;
    this.motion.frame(now, this.info.spectating ? STILL : intent);
  }

  players(): PlayerView[] {
    const views: PlayerView[] = [];
    const players = this.room.state?.players;
    if (!players) return views;
    for (const [sessionId, p] of players) {
      const at = this.motion.rendered(p);
      views.push({ sessionId, name: p.name, score: p.score, hue: p.hue, connected: p.connected, isSelf: sessionId === this.room.sessionId, x: at.x, y: at.y });
    }
    return views;
  }

  orbs(): Array<[string, Orb]> {
    return this.room.state?.orbs ? [...this.room.state.orbs.entries()] : [];
  }

  /** Our exact predicted position. */
  predicted(): Position | undefined {
    return this.motion.predicted();
  }

  /** Our position as the server last sent it. */
  serverPosition(): Position | undefined {
    const p = this.me();
    return p ? { x: p.x, y: p.y } : undefined;
  }

  pendingInputs(): number {
    return this.motion.pendingInputs();
  }

  /** Our dash counters as predicted (steps of dash left, steps until the next); undefined before we exist. */
  dash(): { steps: number; cooldown: number } | undefined {
    return this.motion.dash();
  }

  /** Smoothed round-trip time to the server, ms. */
  rttMs(): number {
    return this.room.clock.smoothedRtt();
  }

  roundClock(): RoundClockView {
    const s = this.room.state;
    const phase = (s?.phase ?? ROUND_PHASE.WAITING) as RoundPhase;
    const endsAt = s?.phaseEndsAt ?? 0;
    const remainingMs = phase === ROUND_PHASE.WAITING || endsAt <= 0 ? 0 : Math.max(0, endsAt - this.room.clock.serverNow());
    return { phase, round: s?.round ?? 0, remainingMs };
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onRoundEnded(listener: (result: RoundEnded) => void): () => void {
    this.roundListeners.add(listener);
    return () => this.roundListeners.delete(listener);
  }

  /** Leaves the room for good (consented) and releases everything. */
  async leave(): Promise<void> {
    this.leaving = true;
    this.globalChat.detach(this.room);
    this.motion.dispose();
    this.hill?.dispose();
    this.statusListeners.clear();
    this.roundListeners.clear();
    if (this.statusValue !== "closed") await this.room.leave(true).catch(() => undefined);
    this.room.removeAllListeners();
  }

  private me(): Player | undefined {
    return selfIn(this.room);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/** Close codes in words. 4001: the server is shutting down (SIGTERM), e.g. for a restart or deploy. */
export function describeClose(code: number, reason?: string): CloseInfo {
  switch (code) {
    case CloseCode.CONSENTED:
      return { kind: "left", title: "You left the room.", detail: "" };
    case CloseCode.SERVER_SHUTDOWN:
      return {
        kind: "restarting",
        title: "Server restarting…",
        detail: "The game server is restarting, so this room has closed. Go back to the lobby: it reconnects as soon as the server is back.",
      };
    case CLOSE_CODE.KICKED_FOR_ABUSE:
      return { kind: "kicked", title: "Kicked for abuse", detail: "You were disconnected for sending too many invalid or refused messages." };
    case CloseCode.WITH_ERROR:
      return { kind: "flooding", title: "Disconnected", detail: "Your client sent more messages per second than the server allows." };
    case CloseCode.FAILED_TO_RECONNECT:
      return { kind: "lost", title: "Connection lost", detail: "The connection was lost and the room could not be rejoined." };
    case CloseCode.ABNORMAL_CLOSURE:
    case CloseCode.GOING_AWAY:
    case CloseCode.NO_STATUS_RECEIVED:
      return { kind: "lost", title: "Connection lost", detail: "The connection to the room was lost." };
    default:
      return { kind: "other", title: "Disconnected", detail: reason ? `The room closed the connection (${reason}).` : "The room closed the connection." };
  }
}
