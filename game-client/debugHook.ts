/**
 * TEST HOOK — `window.__orbArena`: a tiny read-only snapshot of the client for browser tests
 * (test/browser.test.ts) and for curious players in the console. Not an API: nothing reads it
 * back, and writing to it does nothing. Every read returns fresh copies.
 */
import { soundsStarted } from "./audio/sound.js";
import { globalChat } from "./net/chat.js";
import type { GameSession } from "./net/session.js";

export interface DebugPosition {
  x: number;
  y: number;
}

export interface DebugRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the Game scene's camera shows, and the feedback it started. */
export interface DebugView {
  /** The arena camera's viewport on the page, CSS pixels. */
  play: DebugRect;
  /** The part of the arena in that viewport, world units. */
  world: DebugRect;
  /** Effects started: every pickup pop, our own pickups among them, knocks (points lost to a dash), our dashes (trail and whoosh). */
  effects: { pops: number; ownPickups: number; knocks: number; ownDashes: number };
  /** Players' names drawn, as boxes in world units (they never overlap). */
  labels: DebugRect[];
}

/** The replay viewer (game-client/scenes/Replay.ts). */
export interface DebugReplay {
  id: string;
  /** loading → playing / paused / ended, or error (the message in `error`). */
  status: "loading" | "playing" | "paused" | "ended" | "error";
  /** Steps applied so far, of `steps`. */
  step: number;
  steps: number;
  speed: number;
  /** Checkpoints kept for seeking. */
  checkpoints: number;
  /** The re-simulated state's hash now (8 hex digits). */
  hash: string | null;
  /** The whole replay re-simulated in this browser (verifyReplay): its final hash, null until done or if it failed. */
  finalHash: string | null;
  /** The final hash the server recorded in the file's header. */
  recordedFinalHash: string | null;
  /** Why verifyReplay failed in this browser (null: it did not, or has not run yet). */
  verifyError: string | null;
  /** The message shown when the replay cannot be played. */
  error: string | null;
  /** Every player as drawn (interpolated), seat order. */
  players: Array<DebugPosition & { name: string; score: number }>;
}

export interface OrbArenaDebug {
  /** "lobby", "game" or "replay". */
  readonly screen: string;
  /** The renderer Phaser is using: "webgl" or "canvas". */
  readonly renderer: string;
  readonly sessionId: string | null;
  readonly roomId: string | null;
  /** Connection to the room: connected / reconnecting / closed (null outside a room). */
  readonly connection: string | null;
  /** Round phase: waiting / playing / ended (null outside a room). */
  readonly phase: string | null;
  /** Rendered frames of the Game scene since it started. */
  readonly frame: number;
  /** Our exact predicted position (the reconciler's state). */
  readonly predicted: DebugPosition | null;
  /** Our position as drawn (prediction plus smoothing). */
  readonly rendered: DebugPosition | null;
  /** Our position as the server last sent it. */
  readonly server: DebugPosition | null;
  /** Every player as drawn, by sessionId. */
  readonly players: Record<string, DebugPosition & { name: string; score: number }>;
  /** Inputs sent and not yet applied by the server. */
  readonly pendingInputs: number;
  /** Smoothed round trip to the server, ms. */
  readonly rttMs: number;
  /** Chat messages recovered by catch-up requests after reconnections: this room's, and global. */
  readonly chatCaughtUp: { room: number; global: number };
  /** The game mode of the room: "arena" or "hill" (null outside a room). */
  readonly mode: string | null;
  /** King of the Hill: the hill (null outside a hill room). */
  readonly hill: (DebugPosition & { king: string; contested: boolean }) | null;
  /** The arena camera and pickup effects (null outside a room). */
  readonly view: DebugView | null;
  /** The orbs on the field, where they are. */
  readonly orbs: DebugPosition[];
  /** Sounds started since the page loaded (muted ones are not). */
  readonly sounds: number;
  /** The replay viewer (null on other screens). */
  readonly replay: DebugReplay | null;
}

declare global {
  interface Window {
    readonly __orbArena?: OrbArenaDebug;
  }
}

interface Source {
  screen: string;
  renderer: string;
  session?: GameSession;
  frame: number;
  view?: () => DebugView;
  replay?: () => DebugReplay;
}

const source: Source = { screen: "boot", renderer: "", frame: 0 };

const copy = (p: DebugPosition | undefined): DebugPosition | null => (p ? { x: p.x, y: p.y } : null);

const hook: OrbArenaDebug = Object.freeze({
  get screen() {
    return source.screen;
  },
  get renderer() {
    return source.renderer;
  },
  get sessionId() {
    return source.session?.sessionId ?? null;
  },
  get roomId() {
    return source.session?.roomId ?? null;
  },
  get connection() {
    return source.session?.status ?? null;
  },
  get phase() {
    return source.session?.roundClock().phase ?? null;
  },
  get frame() {
    return source.frame;
  },
  get predicted() {
    return copy(source.session?.predicted());
  },
  get rendered() {
    const me = source.session?.players().find((p) => p.isSelf);
    return copy(me);
  },
  get server() {
    return copy(source.session?.serverPosition());
  },
  get players() {
    const out: Record<string, DebugPosition & { name: string; score: number }> = {};
    for (const p of source.session?.players() ?? []) out[p.sessionId] = { x: p.x, y: p.y, name: p.name, score: p.score };
    return out;
  },
  get pendingInputs() {
    return source.session?.pendingInputs() ?? 0;
  },
  get rttMs() {
    return source.session?.rttMs() ?? 0;
  },
  get chatCaughtUp() {
    return { room: source.session?.chat.caughtUp ?? 0, global: globalChat().caughtUp };
  },
  get mode() {
    if (!source.session) return null;
    return source.session.hill ? "hill" : "arena";
  },
  get hill() {
    const hill = source.session?.hill?.view();
    return hill ? { x: hill.x, y: hill.y, king: hill.king, contested: hill.contested } : null;
  },
  get view() {
    const v = source.session || source.screen === "replay" ? source.view?.() : undefined;
    return v ? { play: { ...v.play }, world: { ...v.world }, effects: { ...v.effects }, labels: v.labels.map((r) => ({ ...r })) } : null;
  },
  get orbs() {
    return (source.session?.orbs() ?? []).map(([, o]) => ({ x: o.x, y: o.y }));
  },
  get sounds() {
    return soundsStarted();
  },
  get replay() {
    const r = source.screen === "replay" ? source.replay?.() : undefined;
    return r ? { ...r, players: r.players.map((p) => ({ ...p })) } : null;
  },
});

/** Installs the hook once (read-only property on window). */
export function installDebugHook(): void {
  if (Object.getOwnPropertyDescriptor(window, "__orbArena")) return;
  Object.defineProperty(window, "__orbArena", { value: hook, writable: false, configurable: false, enumerable: false });
}

/** Called by scenes: what the hook reports. */
export const debugSource = {
  renderer(name: string): void {
    source.renderer = name;
  },
  lobby(): void {
    source.screen = "lobby";
    source.session = undefined;
    source.view = undefined;
    source.replay = undefined;
    source.frame = 0;
  },
  /** The replay viewer opened: no room; `read` reports it. */
  replay(read: () => DebugReplay): void {
    source.screen = "replay";
    source.session = undefined;
    source.view = undefined;
    source.replay = read;
    source.frame = 0;
  },
  game(session: GameSession): void {
    source.screen = "game";
    source.session = session;
    source.replay = undefined;
    source.frame = 0;
  },
  frame(): void {
    source.frame++;
  },
  view(read: () => DebugView): void {
    source.view = read;
  },
};
