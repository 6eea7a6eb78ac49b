/**
 * Spectators and server bots in the browser: a watcher from the lobby's Watch button sees the
 * players move and the spectator count, then takes a seat; a lone player's room is topped up with
 * bots that make way for a second human, and the lobby counts them apart. Real server, client built
 * with Vite, real Chromium; bounded waits only; screenshots in test-output/.
 */
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { Bot } from "../bots/Bot.js";
import { HillBot } from "../bots/HillBot.js";
import { buildClient, launchChromium, openPlayer, readHook, waitForGame, type PlayerPage } from "./helpers/browser.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const OUTPUT_DIR = "test-output";
const BOT_NAME = /^Bot \d+$/;

describe("spectators and server bots in the browser (Chromium)", function () {
  this.timeout(60_000);
  let browser: Browser;
  let client: { dir: string; remove(): Promise<void> };
  // One server at a time: Colyseus' matchmaker is one per process, so each test starts its own.
  let server: TestServer | undefined;
  const pages: PlayerPage[] = [];
  const bots: Bot[] = [];

  before(async function () {
    this.timeout(90_000);
    [client, browser] = await Promise.all([buildClient(), launchChromium()]);
    await mkdir(OUTPUT_DIR, { recursive: true });
  });
  afterEach(async () => {
    const errors = pages.flatMap((p) => p.unexpectedErrors());
    await Promise.all(pages.splice(0).map((p) => p.close()));
    await Promise.all(bots.splice(0).map((b) => b.leave().catch(() => undefined)));
    await server?.close();
    server = undefined;
    assert.deepEqual(errors, [], "pages logged errors");
  });
  after(async () => {
    await browser?.close();
    await client?.remove();
  });

  it("Watch from the lobby shows the players moving and the spectator count, without a player of ours; Play then takes a seat", async () => {
    const plain = (server = await startTestServer({ roundMs: 120_000 }, { CLIENT_DIR: client.dir }));
    const runner = await Bot.join(plain.url, { kind: "create" }, { name: "Runner" });
    bots.push(runner);
    runner.drive("random");
    const p = await openPlayer(browser, plain.httpUrl, "Viewer");
    pages.push(p);
    const { page } = p;
    const item = page.locator(`[data-testid="room-item"][data-room-id="${runner.roomId}"]`);
    await item.getByTestId("room-watch").click();
    await page.waitForFunction(() => window.__orbArena?.screen === "game" && Object.keys(window.__orbArena.players).length === 1, null, { timeout: 10_000 });
    const first = await readHook(page);
    assert.equal(first.predicted, null, "no player of our own");
    assert.equal(first.roomId, runner.roomId);
    const start = first.players[runner.sessionId]!;
    assert.equal(start.name, "Runner");
    await page.waitForFunction(
      ([sid, x, y]) => {
        const r = window.__orbArena?.players[sid as string];
        return !!r && Math.hypot(r.x - (x as number), r.y - (y as number)) > 30;
      },
      [runner.sessionId, start.x, start.y] as const,
      { timeout: 10_000 },
    );
    await page.getByTestId("spectator-count").filter({ hasText: "1 watching" }).waitFor({ timeout: 5000 });
    await runner.waitFor(() => runner.state.spectators === 1 && runner.state.players.size === 1, 3000, "the player sees one watcher, no new player");
    const seen = await readHook(page); // the camera follows the leader (here the only player): the runner is in view
    const r = seen.players[runner.sessionId]!;
    const world = seen.view!.world;
    assert.ok(r.x >= world.x && r.x <= world.x + world.width && r.y >= world.y && r.y <= world.y + world.height, `runner ${JSON.stringify(r)} in view ${JSON.stringify(world)}`);
    await page.screenshot({ path: `${OUTPUT_DIR}/spectator-watching.png` });

    assert.equal(await page.getByTestId("take-seat").isEnabled(), true, "a seat is free");
    await page.getByTestId("take-seat").click();
    await waitForGame(page);
    await runner.waitFor(() => runner.state.players.size === 2 && runner.state.spectators === 0, 5000, "the watcher now plays");
    const playing = await readHook(page);
    assert.equal(playing.players[playing.sessionId!]?.name, "Viewer");
    assert.equal(await page.getByTestId("take-seat").count(), 0, "no Play button for a player");
  });

  it("a private King of the Hill room is watched by its typed code: the hill and its player drawn, no page errors", async () => {
    const hillServer = (server = await startTestServer({ roundMs: 120_000 }, { CLIENT_DIR: client.dir }));
    const king = await HillBot.join(hillServer.url, { kind: "create" }, { name: "King", private: true });
    try {
      king.climb();
      const p = await openPlayer(browser, hillServer.httpUrl, "Fan");
      pages.push(p);
      const { page } = p;
      await page.getByTestId("code-input").fill(king.roomId.toLowerCase());
      await page.getByTestId("watch-code").click();
      await page.waitForFunction(() => window.__orbArena?.screen === "game" && window.__orbArena.mode === "hill" && Object.keys(window.__orbArena.players).length === 1, null, { timeout: 10_000 });
      const hook = await readHook(page);
      assert.equal(hook.predicted, null, "no player of our own");
      assert.ok(hook.hill, "the hill is drawn");
      await king.bot.waitFor(() => king.state.spectators === 1 && king.state.players.size === 1, 3000, "one watcher, one player");
      await page.getByTestId("spectator-count").filter({ hasText: "1 watching" }).waitFor({ timeout: 5000 });
      await page.screenshot({ path: `${OUTPUT_DIR}/spectator-hill.png` });
    } finally {
      await king.leave();
    }
  });

  it("a lone player gets server bots that make way for a second human; the lobby counts them apart", async () => {
    const withBots = (server = await startTestServer({ roundMs: 120_000, botFill: 4 }, { CLIENT_DIR: client.dir }));
    const p = await openPlayer(browser, withBots.httpUrl, "Solo");
    pages.push(p);
    const { page } = p;
    await page.getByTestId("create-public").click();
    await waitForGame(page);
    const countBots = () => page.evaluate((re) => Object.values(window.__orbArena?.players ?? {}).filter((q) => new RegExp(re).test(q.name)).length, BOT_NAME.source);
    await page.waitForFunction((re) => Object.values(window.__orbArena?.players ?? {}).filter((q) => new RegExp(re).test(q.name)).length === 3, BOT_NAME.source, { timeout: 5000 });
    await page.screenshot({ path: `${OUTPUT_DIR}/server-bots-fill.png` });
    const roomId = (await readHook(page)).roomId!;

    const watcher = await openPlayer(browser, withBots.httpUrl, "Lobbyist");
    pages.push(watcher);
    const count = watcher.page.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`).getByTestId("room-count");
    await count.filter({ hasText: "1/16 players · 3 bots" }).waitFor({ timeout: 5000 });

    const second = await Bot.join(withBots.url, { kind: "id", roomId }, { name: "Second" });
    bots.push(second);
    await page.waitForFunction(
      (re) => {
        const players = Object.values(window.__orbArena?.players ?? {});
        return players.length === 4 && players.filter((q) => new RegExp(re).test(q.name)).length === 2 && players.some((q) => q.name === "Second");
      },
      BOT_NAME.source,
      { timeout: 5000 },
    );
    assert.equal(await countBots(), 2);
    await count.filter({ hasText: "2/16 players · 2 bots" }).waitFor({ timeout: 5000 });
    await watcher.page.screenshot({ path: `${OUTPUT_DIR}/lobby-bots-listed.png` });
  });
});
