/**
 * The game's layout in Chromium at desktop and phone sizes, portrait and landscape: no panel covers the
 * arena's cell (rectangles from the DOM against the camera's viewport from the test hook), our player is on
 * screen and big enough from spawn, the chat folds to a button that counts what arrives, touch wording, the
 * canvas at the device pixel ratio, the hill room on a phone, and names in a crowd. Real server, real bots;
 * bounded waits only. Game feel (pickups, sound, the dash): test/feelBrowser.test.ts.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { Bot } from "../bots/Bot.js";
import { HillBot } from "../bots/HillBot.js";
import { checkLayout, intersects, joinByCode, SIZES, type Size } from "./helpers/gameView.js";
import { readHook, waitForGame } from "./helpers/browser.js";
import { browserGame, OUTPUT_DIR } from "./helpers/browserGame.js";

describe("layout in the browser (Chromium)", function () {
  this.timeout(60_000);
  const g = browserGame({ roundMs: 120_000 });

  /** A player at `size` joined to the host's room by its code; its page errors fail the run. */
  async function joinAt(size: Size, name: string, deviceScaleFactor = 1): Promise<Page> {
    const { page, errors } = await joinByCode(g.browser, g.server.httpUrl, size, name, g.host.roomId, deviceScaleFactor);
    g.closers.push(() => page.context().close(), async () => assert.deepEqual(errors, [], `${name}: page errors`));
    return page;
  }

  for (const size of SIZES) {
    it(`${size.name}: no panel covers the arena, we are on screen from spawn, the chat folds and counts`, async () => {
      const page = await joinAt(size, size.phone ? "Thumb" : "Mouse");
      await page.waitForFunction(() => window.__orbArena?.view !== null && window.__orbArena!.frame > 2, null, { timeout: 5000 });
      await checkLayout(page, size, `${size.name} at spawn`);

      const toggle = page.getByTestId("chat-toggle");
      const panel = page.getByTestId("chat-panel");
      if ((await panel.getAttribute("data-collapsed")) === "false") await toggle.click();
      assert.equal(await panel.getAttribute("data-collapsed"), "true");
      await checkLayout(page, size, `${size.name}, chat folded`);
      await g.host.chat(`hello ${size.name}`);
      await page.locator("[data-testid=chat-toggle][data-unread='1']").waitFor({ timeout: 5000 });
      assert.equal(await page.getByTestId("chat-toggle-unread").textContent(), "1");
      await page.screenshot({ path: `${OUTPUT_DIR}/layout-${size.name}.png` });

      await toggle.click();
      assert.equal(await panel.getAttribute("data-collapsed"), "false");
      assert.equal(await toggle.getAttribute("data-unread"), "0");
      await page.getByTestId("chat-text").filter({ hasText: `hello ${size.name}` }).waitFor({ state: "visible", timeout: 2000 });
      // The arena's cell gives way to the open chat (the camera re-reads it when the chat unfolds).
      await checkLayout(page, size, `${size.name}, chat open`);
      await page.screenshot({ path: `${OUTPUT_DIR}/layout-${size.name}-chat.png` });
      if (size.phone) {
        const placeholder = await page.getByTestId("chat-input").getAttribute("placeholder");
        assert.ok(placeholder && !/enter/i.test(placeholder), `touch wording: ${placeholder}`);
      }
      await page.context().close();
    });
  }

  it("King of the Hill on a portrait phone: emote bar, status line and chat clear of the arena, no dash", async () => {
    const hillHost = await HillBot.join(g.server.url, { kind: "create" }, { name: "King" });
    g.closers.push(() => hillHost.leave());
    const size = SIZES[4]!;
    const context = await g.browser.newContext({ viewport: { width: size.width, height: size.height }, isMobile: true, hasTouch: true });
    g.closers.push(() => context.close());
    await context.addInitScript("globalThis.__name = (fn) => fn");
    const page = await context.newPage();
    await page.goto(g.server.httpUrl);
    await page.getByTestId("name-input").fill("Climber");
    await page.getByTestId("code-input").fill(hillHost.roomId);
    await page.getByTestId("join-code").click();
    await waitForGame(page);
    assert.equal((await readHook(page)).mode, "hill");
    await page.getByTestId("emote-bar").waitFor({ state: "visible", timeout: 2000 });
    await page.getByTestId("hud-mode").filter({ hasText: /hill/i }).waitFor({ timeout: 5000 });
    assert.equal(await page.getByTestId("dash").count(), 0, "no dash in the hill");
    await checkLayout(page, size, "hill, phone");
    await page.screenshot({ path: `${OUTPUT_DIR}/layout-hill-phone-390x844.png` });
    await context.close();
  });

  it("renders at the device pixel ratio (2× screen)", async () => {
    const page = await joinAt(SIZES[1]!, "Retina", 2);
    const canvas = await page.evaluate(() => {
      const c = document.querySelector("canvas")!;
      return { width: c.width, height: c.height, cssWidth: c.clientWidth, cssHeight: c.clientHeight };
    });
    assert.equal(canvas.cssWidth, 1280);
    assert.equal(canvas.width, 2 * canvas.cssWidth);
    assert.equal(canvas.height, 2 * canvas.cssHeight);
    await checkLayout(page, SIZES[1]!, "2× screen");
    await page.screenshot({ path: `${OUTPUT_DIR}/layout-desktop-1280x800-2x.png` });
    await page.context().close();
  });

  it("a crowd on one spot: names never overlap, ours always shows", async () => {
    const first = await Bot.join(g.server.url, { kind: "create" }, { name: "Crowd 1" });
    g.closers.push(() => first.leave());
    const crowd = [first];
    for (let i = 2; i <= 6; i++) {
      const b = await Bot.join(g.server.url, { kind: "id", roomId: first.roomId }, { name: `Crowd ${i}` });
      g.closers.push(() => b.leave());
      crowd.push(b);
    }
    const spot = { x: 800, y: 500 };
    for (const b of crowd) b.drive((me) => ({ dx: Math.abs(spot.x - me.x) > 4 ? Math.sign(spot.x - me.x) : 0, dy: Math.abs(spot.y - me.y) > 4 ? Math.sign(spot.y - me.y) : 0 }));
    const size = SIZES[3]!;
    const context = await g.browser.newContext({ viewport: { width: size.width, height: size.height }, isMobile: true, hasTouch: true });
    g.closers.push(() => context.close());
    await context.addInitScript("globalThis.__name = (fn) => fn");
    const page = await context.newPage();
    await page.goto(g.server.httpUrl);
    await page.getByTestId("name-input").fill("Onlooker");
    await page.getByTestId("code-input").fill(first.roomId);
    await page.getByTestId("join-code").click();
    await waitForGame(page);
    await page.keyboard.down(first.me!.x < 800 ? "ArrowRight" : "ArrowLeft"); // we walk into the crowd too
    // Everyone within 60 units of the spot: their names would be one stack.
    await page.waitForFunction(
      ([x, y]) => Object.values(window.__orbArena!.players).filter((p) => Math.hypot(p.x - x!, p.y - y!) < 60).length >= 6,
      [spot.x, spot.y],
      { timeout: 15_000 },
    );
    await page.keyboard.up("ArrowRight").catch(() => undefined);
    await page.keyboard.up("ArrowLeft").catch(() => undefined);
    const hook = await readHook(page);
    const labels = hook.view!.labels;
    const ours = labels[0]!; // placed first, always shown
    assert.ok(ours.x <= hook.rendered!.x && hook.rendered!.x <= ours.x + ours.width, `our name ${JSON.stringify(ours)} is over us at ${hook.rendered!.x}`);
    assert.ok(labels.length < 7, `${labels.length} names shown for 7 players on one spot`);
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) assert.ok(!intersects(labels[i]!, labels[j]!), `names ${i} and ${j} overlap: ${JSON.stringify([labels[i], labels[j]])}`);
    await page.screenshot({ path: `${OUTPUT_DIR}/crowd-phone-360x640.png` });
    for (const b of crowd) b.stop();
    await context.close();
  });
});
