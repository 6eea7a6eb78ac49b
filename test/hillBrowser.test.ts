/**
 * King of the Hill in the browser: the lobby offers the mode, the game draws the hill and the HUD
 * its line, a player steered by real key presses scores on the hill, and an emote button reaches
 * another player. Real server, client built with Vite, real Chromium; bounded waits only.
 */
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { matchMaker } from "@colyseus/core";
import type { Browser, Page } from "playwright-core";
import { HillBot } from "../bots/HillBot.js";
import { ROOM } from "../shared/protocol.js";
import { isOnHill } from "../shared/sim/hill.js";
import { buildClient, launchChromium, openPlayer, readHook, waitForGame, type PlayerPage } from "./helpers/browser.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const OUTPUT_DIR = "test-output";
const PHONE = { width: 390, height: 844 };

/** Holds the arrow keys that lead our predicted position to the hill, until we stand on it. */
async function walkOntoHill(page: Page, timeoutMs: number): Promise<void> {
  const held = new Set<string>();
  const hold = async (want: Set<string>) => {
    for (const key of held) if (!want.has(key)) await page.keyboard.up(key);
    for (const key of want) if (!held.has(key)) await page.keyboard.down(key);
    held.clear();
    for (const key of want) held.add(key);
  };
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const hook = await readHook(page);
      if (hook.predicted && hook.hill && isOnHill(hook.predicted, hook.hill) && Math.hypot(hook.predicted.x - hook.hill.x, hook.predicted.y - hook.hill.y) < 30) return;
      assert.ok(Date.now() < deadline, `not on the hill within ${timeoutMs} ms: ${JSON.stringify({ me: hook.predicted, hill: hook.hill })}`);
      const want = new Set<string>();
      if (hook.predicted && hook.hill) {
        const dx = hook.hill.x - hook.predicted.x;
        const dy = hook.hill.y - hook.predicted.y;
        if (dx > 10) want.add("ArrowRight");
        if (dx < -10) want.add("ArrowLeft");
        if (dy > 10) want.add("ArrowDown");
        if (dy < -10) want.add("ArrowUp");
      }
      await hold(want);
      // The next read is the wait: one page round trip (a few ms), never a fixed sleep.
    }
  } finally {
    await hold(new Set());
  }
}

describe("King of the Hill in the browser (Chromium)", function () {
  this.timeout(60_000);
  let browser: Browser;
  let client: { dir: string; remove(): Promise<void> };
  let server: TestServer;
  const pages: PlayerPage[] = [];
  const bots: HillBot[] = [];

  before(async function () {
    this.timeout(90_000);
    [client, browser] = await Promise.all([buildClient(), launchChromium()]);
    server = await startTestServer({ roundMs: 120_000 }, { CLIENT_DIR: client.dir });
    await mkdir(OUTPUT_DIR, { recursive: true });
  });
  afterEach(async () => {
    const errors = pages.flatMap((p) => p.unexpectedErrors());
    await Promise.all(pages.splice(0).map((p) => p.close()));
    await Promise.all(bots.splice(0).map((b) => b.leave().catch(() => undefined)));
    assert.deepEqual(errors, [], "pages logged errors");
  });
  after(async () => {
    await server?.close();
    await browser?.close();
    await client?.remove();
  });

  it("a player picks King of the Hill in the lobby, plays it (hill, HUD line, a point on the hill) and emotes to another player", async () => {
    const p = await openPlayer(browser, server.httpUrl, "Hilda");
    pages.push(p);
    const { page } = p;
    await page.getByTestId("mode-hill").click();
    assert.equal(await page.getByTestId("mode-hill").getAttribute("aria-pressed"), "true");
    assert.equal(await page.getByTestId("mode-arena").getAttribute("aria-pressed"), "false");
    assert.match((await page.getByTestId("mode-blurb").textContent()) ?? "", /hill/i);
    await page.screenshot({ path: `${OUTPUT_DIR}/hill-lobby.png` });

    await page.getByTestId("quick-play").click();
    await waitForGame(page);
    const joined = await readHook(page);
    assert.equal(joined.mode, "hill");
    assert.ok(joined.hill, "the hill is in the client's state");
    const hillRooms = await matchMaker.query({ name: ROOM.HILL });
    assert.ok(hillRooms.some((r) => r.roomId === joined.roomId), "the page is in a hill room on the server");
    await page.getByTestId("emote-bar").waitFor({ state: "visible", timeout: 2000 });

    // Another player (a bot) in the same room sees the page's emote.
    const watcher = await HillBot.join(server.url, { kind: "id", roomId: joined.roomId! }, { name: "Watcher" });
    bots.push(watcher);
    await page.getByTestId("emote-gg").click();
    await watcher.waitFor(() => watcher.emotes.some((e) => e.from === joined.sessionId && e.emote === "gg"), 3000, "the page's GG emote");

    // Real key presses to the hill; alone on it, the player scores (walking again if the hill jumped away first).
    for (let attempt = 1; ; attempt++) {
      await walkOntoHill(page, 20_000);
      const scored = await page
        .waitForFunction((sid) => (window.__orbArena?.players[sid]?.score ?? 0) >= 1, joined.sessionId!, { timeout: 3000 })
        .then(() => true, () => false);
      if (scored) break;
      assert.ok(attempt < 3, "no point after three walks onto the hill");
    }
    await watcher.waitFor(() => (watcher.state.players.get(joined.sessionId!)?.score ?? 0) >= 1, 2000, "the score, seen by the other player");
    const king = await readHook(page);
    assert.equal(king.hill?.king, joined.sessionId, "the page's player is king");
    assert.ok(king.predicted && king.hill && isOnHill(king.predicted, king.hill));
    await page.screenshot({ path: `${OUTPUT_DIR}/hill-game.png` });
  });

  it("the lobby lists hill rooms with their mode and stays tidy on a phone", async () => {
    const host = await HillBot.join(server.url, { kind: "create" }, { name: "Host" });
    bots.push(host);
    const p = await openPlayer(browser, server.httpUrl, "Phone");
    pages.push(p);
    const { page } = p;
    await page.setViewportSize(PHONE);
    const item = page.locator(`[data-testid="room-item"][data-room-id="${host.roomId}"]`);
    await item.waitFor({ timeout: 5000 });
    assert.equal(await item.getAttribute("data-mode"), "hill");
    assert.equal(await item.getByTestId("room-mode").textContent(), "Hill");
    // Nothing of the lobby panel is wider than the phone's screen.
    const overflow = await page.evaluate(() => {
      const lobby = document.querySelector('[data-testid="lobby"]')!;
      return [...lobby.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => e.outerHTML.slice(0, 80));
    });
    assert.deepEqual(overflow, []);
    await page.screenshot({ path: `${OUTPUT_DIR}/hill-lobby-phone.png` });
    // Joining from the list lands in that hill room.
    await item.getByTestId("room-join").click();
    await waitForGame(page);
    const hook = await readHook(page);
    assert.equal(hook.roomId, host.roomId);
    assert.equal(hook.mode, "hill");
    await page.getByTestId("emote-bar").waitFor({ state: "visible", timeout: 2000 });
    await page.screenshot({ path: `${OUTPUT_DIR}/hill-game-phone.png` });
  });

  it("a typed code joins a hill room from the arena's lobby, its state decoded from the server's reflection", async () => {
    const host = await HillBot.join(server.url, { kind: "create" }, { name: "Host", private: true });
    bots.push(host);
    const p = await openPlayer(browser, server.httpUrl, "Typist");
    pages.push(p);
    const { page } = p;
    await page.getByTestId("mode-arena").click();
    await page.getByTestId("code-input").fill(host.roomId.toLowerCase());
    await page.getByTestId("join-code").click();
    await waitForGame(page);
    const hook = await readHook(page);
    assert.equal(hook.roomId, host.roomId);
    assert.equal(hook.mode, "hill");
    assert.deepEqual({ x: hook.hill?.x, y: hook.hill?.y }, { x: host.state.hill.x, y: host.state.hill.y });
    await host.waitFor(() => host.state.players.size === 2, 2000, "the typist in the host's room");
  });
});
