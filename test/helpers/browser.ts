/**
 * Real-browser test helpers: build the client once with Vite, launch Debian's Chromium through
 * playwright-core, open isolated player pages, and add real network latency with a TCP proxy.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, connect, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import type { OrbArenaDebug } from "../../game-client/debugHook.js";

export const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** A small viewport: the WebGL canvas is software-rendered (SwiftShader) in these tests. */
export const VIEWPORT = { width: 960, height: 600 };

/** Builds game-client with its own Vite config into a fresh temp dir; returns the dir. */
export async function buildClient(): Promise<{ dir: string; remove(): Promise<void> }> {
  const { build } = await import("vite");
  const dir = await mkdtemp(join(tmpdir(), "orb-arena-client-"));
  await build({
    configFile: fileURLToPath(new URL("../../game-client/vite.config.ts", import.meta.url)),
    logLevel: "warn",
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Launches headless Chromium; fails loudly (never skips) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it: apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface PlayerPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught page errors and console errors, for a final "no errors" check. */
  errors: string[];
  /** Errors the test provoked on purpose (e.g. the browser logging a refused join's HTTP status). */
  expectErrors(pattern: RegExp): void;
  /** Errors not matched by an expected pattern. */
  unexpectedErrors(): string[];
  close(): Promise<void>;
}

/** Opens the game in a fresh browser context (own localStorage), types `name` in the lobby. */
export async function openPlayer(browser: Browser, url: string, name: string): Promise<PlayerPage> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  // tsx compiles this file with esbuild's keepNames, which wraps functions passed to
  // page.evaluate in a `__name(...)` helper that does not exist in the page.
  await context.addInitScript("globalThis.__name = (fn) => fn");
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  await page.getByTestId("name-input").fill(name);
  const expected: RegExp[] = [];
  return {
    page,
    context,
    errors,
    expectErrors: (pattern) => expected.push(pattern),
    unexpectedErrors: () => errors.filter((e) => !expected.some((p) => p.test(e))),
    close: () => context.close(),
  };
}

/** Reads the client's test hook (`window.__orbArena`) as plain data. */
export function readHook(page: Page): Promise<OrbArenaDebug> {
  return page.evaluate(() => {
    const h = window.__orbArena;
    if (!h) throw new Error("no __orbArena test hook");
    return {
      screen: h.screen,
      renderer: h.renderer,
      sessionId: h.sessionId,
      roomId: h.roomId,
      connection: h.connection,
      phase: h.phase,
      frame: h.frame,
      predicted: h.predicted,
      rendered: h.rendered,
      server: h.server,
      players: h.players,
      pendingInputs: h.pendingInputs,
      rttMs: h.rttMs,
      chatCaughtUp: h.chatCaughtUp,
      mode: h.mode,
      hill: h.hill,
      view: h.view,
      orbs: h.orbs,
      sounds: h.sounds,
      replay: h.replay,
    };
  });
}

/** Waits until the page shows the arena (joined, own player in state). */
export async function waitForGame(page: Page, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction(() => window.__orbArena?.screen === "game" && window.__orbArena.predicted !== null, null, { timeout: timeoutMs });
}

/**
 * A TCP proxy that holds every chunk for `oneWayMs` in each direction: real added latency for
 * HTTP and WebSocket alike (Chromium's CDP network emulation does not delay WebSocket frames).
 * Order is kept: chunks of one direction are released in the order they arrived.
 */
export interface LatencyProxy {
  port: number;
  /** Cuts every open connection (as a network failure would); new ones are still accepted. */
  cut(): void;
  /** Cuts every open connection and refuses new ones (reset at once) until `resume()`: a network outage. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startLatencyProxy(targetPort: number, oneWayMs: number): Promise<LatencyProxy> {
  const sockets = new Set<Socket>();
  let paused = false;
  const server: Server = createServer((client) => {
    if (paused) {
      client.on("error", () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    pipeDelayed(client, upstream, oneWayMs);
    pipeDelayed(upstream, client, oneWayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy has no port");
  return {
    port: address.port,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    pause: () => {
      paused = true;
      for (const s of sockets) s.destroy();
    },
    resume: () => {
      paused = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
  from.on("data", (chunk) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.on("end", () => setTimeout(() => to.end(), delayMs));
  from.on("close", () => setTimeout(() => to.destroy(), delayMs));
}

/** When a key press first showed up in each position the client reports, in frames and ms. */
export interface MoveProbe {
  keyFrame: number;
  keyAt: number;
  predictedFrame?: number;
  predictedAt?: number;
  renderedFrame?: number;
  renderedAt?: number;
  serverAt?: number;
}

/**
 * Watches the test hook on every animation frame from the next key press: records the Game
 * frame counter and time at which the predicted, rendered and server positions first change.
 * The frame counter is read at detection, so it names the frame that made the change even if
 * this callback runs before the game's own in a frame.
 */
export async function installMoveProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const h = window.__orbArena;
    if (!h) throw new Error("no __orbArena test hook");
    type P = { x: number; y: number } | null;
    const probe: Partial<MoveProbe> = {};
    (window as unknown as { __moveProbe: Partial<MoveProbe> }).__moveProbe = probe;
    let start: { predicted: P; rendered: P; server: P } | undefined;
    const moved = (a: P, b: P) => !!a && !!b && Math.hypot(a.x - b.x, a.y - b.y) > 0.01;
    window.addEventListener(
      "keydown",
      () => {
        probe.keyFrame = h.frame;
        probe.keyAt = performance.now();
        start = { predicted: h.predicted, rendered: h.rendered, server: h.server };
      },
      { capture: true, once: true },
    );
    const poll = () => {
      if (start) {
        const now = performance.now();
        if (probe.predictedAt === undefined && moved(h.predicted, start.predicted)) {
          probe.predictedAt = now;
          probe.predictedFrame = h.frame;
        }
        if (probe.renderedAt === undefined && moved(h.rendered, start.rendered)) {
          probe.renderedAt = now;
          probe.renderedFrame = h.frame;
        }
        if (probe.serverAt === undefined && moved(h.server, start.server)) probe.serverAt = now;
      }
      if (probe.serverAt === undefined) requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
}

/** Waits until the probe has seen the server confirm the move, then returns it. */
export async function readMoveProbe(page: Page, timeoutMs = 5000): Promise<MoveProbe> {
  const handle = await page.waitForFunction(() => {
    const probe = (window as unknown as { __moveProbe?: MoveProbe }).__moveProbe;
    return probe?.serverAt !== undefined ? probe : null;
  }, null, { timeout: timeoutMs });
  return (await handle.jsonValue()) as MoveProbe;
}

/** Types a chat message and presses Enter. */
export async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-input").press("Enter");
}

/**
 * Records (in `window.__statuses`) every data-status a chat row of ours takes in one channel's log
 * ("room" or "global"), in order (no polling: a MutationObserver).
 */
export async function recordChatStatuses(page: Page, channel: "room" | "global" = "room"): Promise<void> {
  await page.evaluate((channel) => {
    const statuses: string[] = [];
    (window as unknown as { __statuses: string[] }).__statuses = statuses;
    const log = document.querySelector(`[data-testid=chat-log][data-channel=${channel}]`)!;
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "childList") for (const n of r.addedNodes) if (n instanceof HTMLElement && n.dataset.mine === "true") statuses.push(n.dataset.status ?? "");
        if (r.type === "attributes" && r.target instanceof HTMLElement && r.target.dataset.mine === "true") {
          const now = r.target.dataset.status ?? "";
          if (statuses[statuses.length - 1] !== now) statuses.push(now);
        }
      }
    }).observe(log, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-status"] });
  }, channel);
}

/** The statuses recorded by `recordChatStatuses`. */
export function recordedChatStatuses(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
}

/** One channel's chat rows ("room" or "global"), optionally only those containing `text`. */
export function chatRows(page: Page, channel: "room" | "global", text?: string): Locator {
  const rows = page.locator(`[data-testid=chat-log][data-channel=${channel}] [data-testid=chat-message]`);
  return text === undefined ? rows : rows.filter({ hasText: text });
}

/** Shows a chat tab ("room" or "global") in the game's chat panel. */
export async function openChatTab(page: Page, channel: "room" | "global"): Promise<void> {
  await page.locator(`[data-testid=chat-tab][data-channel=${channel}]`).click();
}
