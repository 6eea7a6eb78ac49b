/**
 * The replay viewer in Chromium (issue 16, point 4): a round played by a browser player, an SDK bot and server
 * bots is recorded; the round's result card offers "Watch replay"; the viewer draws the recorded players with
 * the live renderer, plays, pauses, changes speed and seeks (the state after a seek hashes as Node's
 * re-simulation does at that step); the page's own re-simulation of the whole round ends on Node's final hash
 * and the header's; a `/?replay=` link opens it on a phone (touch); unknown ids, 404s and truncated, corrupt or
 * newer-version files show a message and the lobby still works, listing the replay. Screenshots in test-output/.
 */
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { HillBot } from "../bots/HillBot.js";
import type { DebugReplay } from "../game-client/debugHook.js";
import { unpackReplay } from "../shared/replay/file.js";
import { REPLAY_FORMAT, type DecodedReplay } from "../shared/replay/format.js";
import { hashText } from "../shared/replay/hash.js";
import type { ReplayMeta } from "../shared/replay/meta.js";
import { applyStep, replayGame, verifyReplay } from "../shared/replay/run.js";
import { intersects, joinByCode, panelRects, SIZES, type Size } from "./helpers/gameView.js";
import { gzip } from "./helpers/replayFiles.js";
import { browserGame, OUTPUT_DIR } from "./helpers/browserGame.js";

const DESKTOP = SIZES.find((s) => s.name === "desktop-1280x800")!;
const PHONE = SIZES.find((s) => s.name === "phone-390x844")!;

/** The viewer's part of the test hook. */
async function viewer(page: Page): Promise<DebugReplay> {
  const r = await page.evaluate(() => window.__orbArena?.replay ?? null);
  assert.ok(r, "the page is not in the replay viewer");
  return r;
}

/** Node's re-simulation of the first `steps` steps: the state's hash then. */
function hashAt(replay: DecodedReplay, steps: number): string {
  const game = replayGame(replay.header.game, replay.header.rules);
  const sim = game.start(replay.header.snapshot);
  for (let i = 0; i < steps; i++) applyStep(sim, replay.steps[i]!, i, game.hz);
  return hashText(sim.hash());
}

/** Steps advanced by the viewer over `ms` of the page's own time. */
function stepsOver(page: Page, ms: number): Promise<{ steps: number; elapsedMs: number }> {
  return page.evaluate(async (ms) => {
    const h = window.__orbArena!;
    const from = h.replay!.step;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, ms));
    return { steps: h.replay!.step - from, elapsedMs: performance.now() - t0 };
  }, ms);
}

async function openContext(browser: Browser, size: Size): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, isMobile: size.phone, hasTouch: size.phone });
  await context.addInitScript("globalThis.__name = (fn) => fn");
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Presses a control like the device would: a tap on a phone, a click on a desktop. */
async function press(page: Page, testId: string, phone: boolean, nth = 0): Promise<void> {
  const target = page.getByTestId(testId).nth(nth);
  if (phone) await target.tap();
  else await target.click();
}

/** Seeks by pressing the seek bar `fraction` of the way along; returns the step the viewer landed on. */
async function seekTo(page: Page, fraction: number, phone: boolean): Promise<number> {
  const bar = page.getByTestId("replay-seek");
  const box = (await bar.boundingBox())!;
  const position = { x: box.width * fraction, y: box.height / 2 };
  if (phone) await bar.tap({ position });
  else await bar.click({ position });
  return (await viewer(page)).step;
}

/** No panel of the viewer covers the arena's cell; the cell has most of the window. */
async function checkViewerLayout(page: Page, size: Size): Promise<void> {
  const view = await page.evaluate(() => window.__orbArena?.view ?? null);
  assert.ok(view, "no camera view");
  const { play } = view;
  assert.ok(play.x >= 0 && play.y >= 0 && play.x + play.width <= size.width + 0.5 && play.y + play.height <= size.height + 0.5, `play area ${JSON.stringify(play)} outside the window`);
  assert.ok(play.width * play.height >= 0.3 * size.width * size.height, `the arena gets only ${JSON.stringify(play)}`);
  const panels = await panelRects(page);
  assert.ok(panels.some((p) => p.id === "replay-controls") && panels.some((p) => p.id === "replay-bar"), `panels: ${JSON.stringify(panels)}`);
  for (const r of panels) assert.ok(!intersects(r, play), `${r.id} ${JSON.stringify(r)} covers the arena ${JSON.stringify(play)}`);
}

describe("replays in the browser (Chromium)", function () {
  this.timeout(60_000);
  let replayId: string;
  let file: Uint8Array;
  let replay: DecodedReplay;
  let nodeHash: string;
  let desktop: { page: Page; errors: string[] };
  // 6 s rounds (180 steps: a seek crosses the checkpoint kept at step 150); a long intermission keeps the result card up.
  const dir = join(tmpdir(), `orb-replay-browser-${process.pid}`);
  const g = browserGame({ roundMs: 6000, intermissionMs: 8000, botFill: 3 }, { REPLAY_DIR: dir });
  after(() => rm(dir, { recursive: true, force: true }));

  it("the round's result card offers Watch replay; it opens the round in the viewer", async () => {
    desktop = await joinByCode(g.browser, g.server.httpUrl, DESKTOP, "Mouse", g.host.roomId);
    g.closers.push(() => desktop.page.context().close());
    const page = desktop.page;
    // The round the page played to its end (the one under way when it joined, or the next).
    const watch = page.getByTestId("watch-replay");
    await watch.waitFor({ state: "visible", timeout: 25_000 });
    replayId = (await watch.getAttribute("data-replay-id"))!;
    assert.ok(replayId, "the button names the replay");
    await page.screenshot({ path: `${OUTPUT_DIR}/replay-round-end-${DESKTOP.name}.png` });
    const ended = g.host.rounds.find((r) => r.replayId === replayId);
    assert.ok(ended, "the bot's round result names the same replay");

    const res = await fetch(`${g.server.httpUrl}/replays/${replayId}`);
    assert.equal(res.status, 200);
    file = new Uint8Array(await res.arrayBuffer());
    replay = await unpackReplay(file);
    nodeHash = hashText(verifyReplay(replay).finalHash);
    assert.equal(nodeHash, hashText(replay.header.finalHash));
    assert.ok(replay.steps.length >= 150, `${replay.steps.length} steps`);

    await watch.click();
    await page.waitForFunction(() => window.__orbArena?.screen === "replay" && window.__orbArena.replay?.status === "playing", null, { timeout: 10_000 });
    const r = await viewer(page);
    assert.equal(r.id, replayId);
    assert.equal(r.steps, replay.steps.length);
    assert.match(page.url(), new RegExp(`[?&]replay=${replayId}`), "the address is the replay's link");
  });

  it("desktop: the viewer draws the round's players; play, pause, speed and seek work; the page's re-simulation hash is Node's", async () => {
    const page = desktop.page;
    // Everyone seated at the round's end is drawn, by name, at the end (the players' list of the header).
    const names = replay.header.players.map((p) => p.name).sort();
    assert.ok(names.includes("Mouse") && names.includes("Orbiter"), `players: ${names}`);
    // The browser re-simulated the whole round: the same final hash as Node and as recorded.
    await page.waitForFunction(() => window.__orbArena?.replay?.finalHash !== null || window.__orbArena?.replay?.verifyError !== null, null, { timeout: 10_000 });
    let r = await viewer(page);
    assert.equal(r.verifyError, null);
    assert.equal(r.finalHash, nodeHash, "the browser's final hash is Node's");
    assert.equal(r.recordedFinalHash, nodeHash);

    // Playing: steps advance, players are drawn inside the arena.
    const advanced = await stepsOver(page, 300);
    assert.ok(advanced.steps > 0 || (await viewer(page)).status === "ended", `steps advanced: ${JSON.stringify(advanced)}`);
    r = await viewer(page);
    assert.ok(r.players.length >= 2, `players drawn: ${JSON.stringify(r.players)}`);

    // Pause holds.
    if (r.status === "playing") await press(page, "replay-play", false);
    await page.waitForFunction(() => window.__orbArena?.replay?.status !== "playing", null, { timeout: 2000 });
    r = await viewer(page);
    const held = await stepsOver(page, 400);
    assert.equal(held.steps, 0, "paused: no step advances");

    // Seek (paused): a click on the bar jumps there; the state there is exactly Node's at that step.
    const late = await seekTo(page, 0.9, false);
    assert.ok(Math.abs(late - 0.9 * r.steps) <= 0.1 * r.steps, `seek to 90 %: step ${late} of ${r.steps}`);
    assert.equal((await viewer(page)).hash, hashAt(replay, late), `state at step ${late}`);
    const early = await seekTo(page, 0.2, false);
    assert.ok(early < late && Math.abs(early - 0.2 * r.steps) <= 0.1 * r.steps, `seek back to 20 %: step ${early}`);
    assert.equal((await viewer(page)).hash, hashAt(replay, early), `state at step ${early} (from the start's checkpoint)`);
    const after = await seekTo(page, 0.85, false);
    assert.ok((await viewer(page)).checkpoints >= 2, "a checkpoint was kept at step 150");
    await seekTo(page, 0.2, false);
    const again = await seekTo(page, 0.85, false);
    assert.equal(again, after);
    assert.equal((await viewer(page)).hash, hashAt(replay, again), `state at step ${again} (from the checkpoint at 150)`);
    // The label is redrawn on the next frame: wait for it (bounded), then it must say exactly that step.
    await page.waitForFunction((text) => document.querySelector("[data-testid=replay-position]")?.textContent?.includes(text) ?? false, `step ${again}/${r.steps}`, { timeout: 2000 });

    // Speed: 4× advances about four times as many steps a second as 1× (the frame clock of a software renderer is uneven: a wide band).
    await seekTo(page, 0, false);
    await press(page, "replay-play", false);
    const one = await stepsOver(page, 600);
    await press(page, "replay-play", false);
    await seekTo(page, 0, false);
    await page.locator("[data-testid=replay-speed][data-speed='4']").click();
    await page.locator("[data-testid=replay-speed][data-speed='4'][aria-pressed=true]").waitFor({ timeout: 2000 });
    await press(page, "replay-play", false);
    const four = await stepsOver(page, 600);
    const rate = (s: { steps: number; elapsedMs: number }) => s.steps / s.elapsedMs;
    assert.ok(rate(one) > 0 && rate(four) / rate(one) > 2.5 && rate(four) / rate(one) < 6, `1×: ${JSON.stringify(one)}, 4×: ${JSON.stringify(four)}`);
    assert.ok(Math.abs(rate(one) * 1000 - 30) < 12, `1× plays about 30 steps a second: ${JSON.stringify(one)}`);
    await page.locator("[data-testid=replay-speed][data-speed='1']").click();
    await seekTo(page, 0.5, false);
    await checkViewerLayout(page, DESKTOP);
    await page.screenshot({ path: `${OUTPUT_DIR}/replay-${DESKTOP.name}.png` });
    assert.deepEqual(desktop.errors, [], "page errors");
  });

  it("phone: a /?replay= link opens the viewer; the controls work by touch and leave the arena clear", async () => {
    const { context, page, errors } = await openContext(g.browser, PHONE);
    g.closers.push(() => context.close());
    await page.goto(`${g.server.httpUrl}/?replay=${replayId}`);
    await page.waitForFunction(() => window.__orbArena?.replay?.status === "playing", null, { timeout: 10_000 });
    await page.waitForFunction(() => window.__orbArena?.replay?.finalHash !== null, null, { timeout: 10_000 });
    assert.equal((await viewer(page)).finalHash, nodeHash);
    await press(page, "replay-play", true); // pause
    await page.waitForFunction(() => window.__orbArena?.replay?.status !== "playing", null, { timeout: 2000 });
    const paused = await viewer(page);
    const at = await seekTo(page, 0.6, true);
    assert.ok(Math.abs(at - 0.6 * paused.steps) <= 0.12 * paused.steps, `tap at 60 %: step ${at}`);
    assert.equal((await viewer(page)).hash, hashAt(replay, at));
    await page.locator("[data-testid=replay-speed][data-speed='2']").tap();
    assert.equal((await viewer(page)).speed, 2);
    await press(page, "replay-play", true);
    await page.waitForFunction((from) => window.__orbArena!.replay!.step > from, at, { timeout: 3000 });
    await press(page, "replay-play", true);
    await checkViewerLayout(page, PHONE);
    assert.ok((await viewer(page)).players.length >= 2);
    await page.screenshot({ path: `${OUTPUT_DIR}/replay-${PHONE.name}.png` });
    await press(page, "replay-back", true);
    await page.waitForFunction(() => window.__orbArena?.screen === "lobby", null, { timeout: 5000 });
    assert.ok(!page.url().includes("replay="), `the address drops the replay: ${page.url()}`);
    assert.deepEqual(errors, []);
  });

  it("unknown, invalid, truncated, corrupt and newer-version replays show a message; the lobby still works and lists the replay", async () => {
    const { context, page, errors } = await openContext(g.browser, PHONE);
    g.closers.push(() => context.close());
    const newer = file.slice();
    const payload = new Uint8Array(await new Response(new Blob([file as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
    payload[4] = REPLAY_FORMAT + 1; // the format byte after "ORBR"
    const newerFile = await gzip(payload);
    const corrupt = await gzip(new TextEncoder().encode("ORBR this is not a replay at all"));
    const served: Record<string, Uint8Array> = { "cut-short": file.slice(0, Math.floor(file.byteLength / 2)), "from-the-future": newerFile, garbage: corrupt, "not-gzip": newer.map((b) => b ^ 0x5a) };
    await page.route(/\/replays\/(cut-short|from-the-future|garbage|not-gzip)$/, (route) => {
      const id = new URL(route.request().url()).pathname.split("/").pop()!;
      void route.fulfill({ status: 200, contentType: "application/vnd.orb-arena.replay", body: Buffer.from(served[id]!) });
    });
    const cases: Array<[string, RegExp]> = [
      ["no-such-replay", /No replay "no-such-replay"/],
      ["bad%20id!", /is not a replay id/],
      ["cut-short", /cannot be played: .*(ends|inflated|truncat)/i],
      ["from-the-future", /cannot be played: .*format 2.*update to watch it/],
      ["garbage", /cannot be played/],
      ["not-gzip", /cannot be played: not a replay file/],
    ];
    for (const [id, message] of cases) {
      await page.goto(`${g.server.httpUrl}/?replay=${id}`);
      await page.waitForFunction(() => window.__orbArena?.replay?.status === "error", null, { timeout: 8000 });
      const shown = await page.getByTestId("replay-message").textContent();
      assert.match(shown ?? "", message, `${id}: ${shown}`);
      assert.equal((await viewer(page)).error, shown);
      assert.ok(await page.getByTestId("replay-message").isVisible());
      if (id === "from-the-future") await page.screenshot({ path: `${OUTPUT_DIR}/replay-error-${PHONE.name}.png` });
    }
    await page.getByTestId("replay-notice-back").tap();
    await page.waitForFunction(() => window.__orbArena?.screen === "lobby", null, { timeout: 5000 });
    const listed = page.locator(`[data-testid=replay-item][data-replay-id='${replayId}']`);
    await listed.waitFor({ state: "visible", timeout: 5000 });
    const meta = ((await (await fetch(`${g.server.httpUrl}/replays`)).json()) as { replays: ReplayMeta[] }).replays.find((m) => m.id === replayId)!;
    const text = (await listed.textContent()) ?? "";
    const winner = [...meta.players].sort((a, b) => b.score - a.score)[0]!;
    assert.match(text, new RegExp(`${meta.roomId}.*round ${meta.round}`), text);
    assert.ok((await listed.getByTestId("replay-players").textContent())!.startsWith(`${winner.name} (${winner.score})`), `winner first: ${text}`);
    await listed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUTPUT_DIR}/replay-lobby-${PHONE.name}.png` });
    // The lobby is live again, and the list's Watch opens the viewer.
    await page.locator("[data-testid=lobby-status][data-state=live]").waitFor({ timeout: 5000 });
    await listed.getByTestId("replay-watch").tap();
    await page.waitForFunction((id) => window.__orbArena?.replay?.id === id && window.__orbArena.replay.status === "playing", replayId, { timeout: 8000 });
    assert.deepEqual(errors, [], "no page error, whatever the file");
  });

  it("King of the Hill: a hill round plays in the viewer with the hill drawn; the browser's final hash is Node's", async () => {
    const climber = await HillBot.join(g.server.url, { kind: "create" }, { name: "Climber" });
    g.closers.push(() => climber.leave());
    climber.climb();
    const deadline = Date.now() + 25_000;
    let meta: ReplayMeta | undefined;
    while (!meta) {
      assert.ok(Date.now() < deadline, "no hill round recorded in time");
      const listed = ((await (await fetch(`${g.server.httpUrl}/replays`)).json()) as { replays: ReplayMeta[] }).replays;
      meta = listed.find((m) => m.game === "hill" && m.roomId === climber.roomId);
      if (!meta) await new Promise((r) => setTimeout(r, 250));
    }
    const hillFile = new Uint8Array(await (await fetch(`${g.server.httpUrl}/replays/${meta.id}`)).arrayBuffer());
    const hillReplay = await unpackReplay(hillFile);
    const expected = hashText(verifyReplay(hillReplay).finalHash);
    const { context, page, errors } = await openContext(g.browser, DESKTOP);
    g.closers.push(() => context.close());
    await page.goto(`${g.server.httpUrl}/?replay=${meta.id}`);
    await page.waitForFunction(() => window.__orbArena?.replay?.finalHash !== null && window.__orbArena?.replay?.status === "playing", null, { timeout: 10_000 });
    const r = await viewer(page);
    assert.equal(r.finalHash, expected);
    assert.equal(r.recordedFinalHash, expected);
    assert.ok(r.players.some((p) => p.name === "Climber"), JSON.stringify(r.players));
    await page.getByTestId("hud-mode").filter({ hasText: /hill/i }).waitFor({ timeout: 3000 });
    await page.screenshot({ path: `${OUTPUT_DIR}/replay-hill-${DESKTOP.name}.png` });
    assert.deepEqual(errors, []);
  });
});
