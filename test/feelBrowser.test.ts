/**
 * Game feel in Chromium: a pickup pops, floats its points and plays a sound (mute remembered), joins and
 * leaves are noticed, Space dashes with the prediction matching the server and the button showing the
 * cooldown, a dash hit shows the points lost; and the README's screenshots. Real server, real bots; bounded
 * waits only. The layout at every size: test/layoutBrowser.test.ts.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { Bot } from "../bots/Bot.js";
import { PLAYER_RADIUS_UNITS } from "../shared/sim/constants.js";
import { chaseOrbs, joinByCode, SIZES, type Size } from "./helpers/gameView.js";
import { readHook, startLatencyProxy, waitForGame } from "./helpers/browser.js";
import { browserGame, OUTPUT_DIR } from "./helpers/browserGame.js";

describe("game feel in the browser (Chromium)", function () {
  this.timeout(60_000);
  const g = browserGame({ roundMs: 120_000 });

  /** A player at `size` joined to the host's room by its code; its page errors fail the run. */
  async function joinAt(size: Size, name: string, deviceScaleFactor = 1, url = g.server.httpUrl): Promise<Page> {
    const { page, errors } = await joinByCode(g.browser, url, size, name, g.host.roomId, deviceScaleFactor);
    g.closers.push(() => page.context().close(), async () => assert.deepEqual(errors, [], `${name}: page errors`));
    return page;
  }

  it("a pickup pops with its points and a sound; others' pickups pop; joins and leaves are noticed; the mute toggle is remembered", async () => {
    const page = await joinAt(SIZES[1]!, "Collector");
    // The host bot eats orbs on its own: we see its pops.
    await page.waitForFunction(() => (window.__orbArena!.view?.effects.pops ?? 0) >= 1, null, { timeout: 15_000 });
    const before = await readHook(page);
    await chaseOrbs(page, async () => ((await readHook(page)).view?.effects.ownPickups ?? 0) >= 1, 20_000);
    const after = await readHook(page);
    assert.ok(after.sounds > before.sounds, `a sound started (${before.sounds} → ${after.sounds})`);
    assert.equal(after.view!.effects.ownDashes, 0, "walking leaves no dash trail");
    await page.screenshot({ path: `${OUTPUT_DIR}/pickup.png` });

    // Joins and leaves are noticed under the scoreboard.
    const late = await Bot.join(g.server.url, { kind: "id", roomId: g.host.roomId }, { name: "Latecomer" });
    await page.getByTestId("hud-notice").filter({ hasText: "Latecomer joined" }).waitFor({ timeout: 5000 });
    await late.leave();
    await page.getByTestId("hud-notice").filter({ hasText: "Latecomer left" }).waitFor({ timeout: 5000 });

    await page.getByTestId("mute").click();
    assert.equal(await page.getByTestId("mute").getAttribute("aria-pressed"), "true");
    assert.equal(await page.evaluate(() => localStorage.getItem("orbArena.muted")), "1");
    await page.reload();
    await page.getByTestId("code-input").fill(g.host.roomId);
    await page.getByTestId("join-code").click();
    await waitForGame(page);
    assert.equal(await page.getByTestId("mute").getAttribute("aria-pressed"), "true", "still muted after a reload");
    await page.context().close();
  });

  it("Space dashes: the prediction jumps ahead at once and the server ends where we predicted", async () => {
    const page = await joinAt(SIZES[1]!, "Dashy");
    await page.getByTestId("dash").waitFor({ state: "visible", timeout: 2000 });
    const start = (await readHook(page)).predicted!;
    const key = start.x < 800 ? "ArrowRight" : "ArrowLeft";
    await page.keyboard.down(key);
    await page.waitForFunction((x0) => Math.abs(window.__orbArena!.predicted!.x - x0) > 20, start.x, { timeout: 3000 });
    const t0 = await page.evaluate(() => performance.now());
    const x1 = (await readHook(page)).predicted!.x;
    await page.keyboard.press("Space");
    // 140 units: walking takes 0.58 s, a dash (3x for 0.2 s) about 0.2 s.
    await page.waitForFunction((x) => Math.abs(window.__orbArena!.predicted!.x - x) >= 140, x1, { timeout: 3000 });
    const ms = (await page.evaluate(() => performance.now())) - t0;
    await page.keyboard.up(key);
    assert.ok(ms < 480, `140 units took ${ms.toFixed(0)} ms: no dash`);
    await page.waitForFunction(() => window.__orbArena!.view!.effects.ownDashes === 1, null, { timeout: 2000 }); // trail and whoosh, once
    // The button shows the cooldown (predicted), then is ready again.
    await page.locator("[data-testid=dash][data-ready=false]").waitFor({ timeout: 1000 });
    await page.locator("[data-testid=dash][data-ready=true]").waitFor({ timeout: 4000 });

    await page.waitForFunction(() => {
      const h = window.__orbArena!;
      return h.server !== null && h.predicted !== null && Math.abs(h.server.x - h.predicted.x) < 0.5 && Math.abs(h.server.y - h.predicted.y) < 0.5;
    }, null, { timeout: 10_000 }).catch(async (e) => {
      throw new Error(`${e}: ${JSON.stringify(await readHook(page))}`);
    });
    await page.context().close();
  });

  it("a dash over a 100 ms round trip: the prediction never snaps back and ends where the server does", async () => {
    const proxy = await startLatencyProxy(Number(new URL(g.server.httpUrl).port), 50);
    g.closers.push(() => proxy.close());
    const page = await joinAt(SIZES[1]!, "Laggy", 1, `http://127.0.0.1:${proxy.port}`);
    await page.getByTestId("dash").waitFor({ state: "visible", timeout: 2000 });
    const start = (await readHook(page)).predicted!;
    const dir = start.x < 800 ? 1 : -1;
    // Every drawn frame's predicted x from the key press on: a misprediction shows as a reconciliation snap back.
    await page.evaluate(() => {
      const xs: number[] = [];
      (window as unknown as { __xs: number[] }).__xs = xs;
      const frame = () => {
        xs.push(window.__orbArena!.predicted!.x);
        if (xs.length < 600) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await page.keyboard.down(dir > 0 ? "ArrowRight" : "ArrowLeft");
    await page.waitForFunction((x0) => Math.abs(window.__orbArena!.predicted!.x - x0) > 20, start.x, { timeout: 3000 });
    await page.keyboard.press("Space");
    await page.waitForFunction(() => window.__orbArena!.view!.effects.ownDashes === 1, null, { timeout: 2000 });
    // Keep walking until the server has applied the dash (half a second of walking after it), then stop.
    const x1 = (await readHook(page)).predicted!.x;
    await page.waitForFunction(({ x, dir }) => (window.__orbArena!.predicted!.x - x) * dir > 100, { x: x1, dir }, { timeout: 3000 });
    await page.keyboard.up(dir > 0 ? "ArrowRight" : "ArrowLeft");
    await page.waitForFunction(() => {
      const h = window.__orbArena!;
      return h.server !== null && h.predicted !== null && Math.abs(h.server.x - h.predicted.x) < 0.5;
    }, null, { timeout: 10_000 }).catch(async (e) => {
      throw new Error(`${e}: ${JSON.stringify(await readHook(page))}`);
    });
    const xs = await page.evaluate(() => (window as unknown as { __xs: number[] }).__xs);
    let worstBack = 0;
    for (let i = 1; i < xs.length; i++) worstBack = Math.max(worstBack, (xs[i - 1]! - xs[i]!) * dir);
    console.log(`      [measured] dash at 100 ms RTT: ${xs.length} frames, largest step back of the prediction ${worstBack.toFixed(2)} units`);
    assert.ok(worstBack < 1, `the prediction snapped back ${worstBack.toFixed(2)} units: the server disagreed with the predicted dash`);
    await page.context().close();
  });

  it("a dash hit seen in the browser: the one hit shows its lost points", async () => {
    const victim = await Bot.join(g.server.url, { kind: "create" }, { name: "Target" });
    g.closers.push(() => victim.leave());
    const dasher = await Bot.join(g.server.url, { kind: "id", roomId: victim.roomId }, { name: "Rammer" });
    g.closers.push(() => dasher.leave());
    const page = await (async () => {
      const context = await g.browser.newContext({ viewport: { width: 1280, height: 800 } });
      g.closers.push(() => context.close());
      await context.addInitScript("globalThis.__name = (fn) => fn");
      const p = await context.newPage();
      await p.goto(g.server.httpUrl);
      await p.getByTestId("name-input").fill("Witness");
      await p.getByTestId("code-input").fill(victim.roomId);
      await p.getByTestId("join-code").click();
      await waitForGame(p);
      return p;
    })();
    victim.drive("orbs");
    await victim.waitFor(() => (victim.me?.score ?? 0) >= 4, 20_000, "the target has points");
    victim.drive({ dx: 0, dy: 0 });
    dasher.drive((me) => {
      const them = dasher.state.players.get(victim.sessionId)!;
      const close = Math.hypot(them.x - me.x, them.y - me.y) < 4 * PLAYER_RADIUS_UNITS;
      const dash = close && me.dashCooldown === 0 ? 1 : 0; // again after the cooldown, should a dash miss
      return { dx: Math.abs(them.x - me.x) > 4 ? Math.sign(them.x - me.x) : 0, dy: Math.abs(them.y - me.y) > 4 ? Math.sign(them.y - me.y) : 0, dash };
    });
    await page.waitForFunction(() => (window.__orbArena!.view?.effects.knocks ?? 0) >= 1, null, { timeout: 15_000 });
    dasher.stop();
    await page.screenshot({ path: `${OUTPUT_DIR}/dash-hit.png` });
    await page.context().close();
  });

  it("writes the README's screenshots: a busy room on a desktop and on a phone", async () => {
    const room = await Bot.join(g.server.url, { kind: "create" }, { name: "Nova" });
    g.closers.push(() => room.leave());
    room.drive("orbs");
    for (const name of ["Pip", "Orbiter", "Wanderer"]) {
      const b = await Bot.join(g.server.url, { kind: "id", roomId: room.roomId }, { name });
      g.closers.push(() => b.leave());
      b.drive("orbs");
    }
    for (const [size, file] of [
      [SIZES[1]!, "readme-desktop"],
      [SIZES[4]!, "readme-phone"],
    ] as const) {
      const context = await g.browser.newContext({ viewport: { width: size.width, height: size.height }, isMobile: size.phone, hasTouch: size.phone });
      g.closers.push(() => context.close());
      await context.addInitScript("globalThis.__name = (fn) => fn");
      const page = await context.newPage();
      await page.goto(g.server.httpUrl);
      await page.getByTestId("name-input").fill(size.phone ? "Thumb" : "Ada");
      await page.getByTestId("code-input").fill(room.roomId);
      await page.getByTestId("join-code").click();
      await waitForGame(page);
      await room.chat(size.phone ? "nice dash!" : "gl hf!");
      await page.waitForFunction(() => (window.__orbArena!.view?.effects.pops ?? 0) >= 2, null, { timeout: 15_000 });
      await page.screenshot({ path: `${OUTPUT_DIR}/${file}.png` });
      await context.close();
    }
  });
});
