/**
 * The game's layout and feel in Chromium at desktop and phone sizes, portrait and landscape: no
 * panel covers the arena's cell (rectangles from the DOM against the camera's viewport from the
 * test hook), our player is on screen and big enough from spawn, the chat folds to a button that
 * counts what arrives, the canvas renders at the device pixel ratio, and a pickup pops, floats
 * its points and plays a sound (mute remembered). Real server, real bots; bounded waits only.
 */
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { Bot } from "../bots/Bot.js";
import { HillBot } from "../bots/HillBot.js";
import { PLAYER_RADIUS_UNITS } from "../shared/sim/constants.js";
import { buildClient, launchChromium, readHook, waitForGame } from "./helpers/browser.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const OUTPUT_DIR = "test-output";

interface Size {
  name: string;
  width: number;
  height: number;
  phone: boolean;
}

const SIZES: Size[] = [
  { name: "desktop-1920x1080", width: 1920, height: 1080, phone: false },
  { name: "desktop-1280x800", width: 1280, height: 800, phone: false },
  { name: "desktop-800x600", width: 800, height: 600, phone: false },
  { name: "phone-360x640", width: 360, height: 640, phone: true },
  { name: "phone-390x844", width: 390, height: 844, phone: true },
  { name: "phone-844x390", width: 844, height: 390, phone: true },
  { name: "phone-640x360", width: 640, height: 360, phone: true },
];

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const intersects = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every visible panel of the game page (room bar, HUD, emote bar, chat), as page rectangles. */
function panelRects(page: Page): Promise<Array<Rect & { id: string }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("[data-testid=frame-head] > *, [data-testid=frame-dock] > *")]
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.dataset.testid ?? e.className, x: r.x, y: r.y, width: r.width, height: r.height };
      })
      .filter((r) => r.width > 0 && r.height > 0),
  );
}

/** The camera's viewport (CSS px) must be clear of every panel, inside the window, and show us whole. */
async function checkLayout(page: Page, size: { width: number; height: number }, label: string): Promise<void> {
  const hook = await readHook(page);
  assert.ok(hook.view && hook.rendered, `${label}: no view`);
  const { play, world } = hook.view;
  assert.ok(play.x >= 0 && play.y >= 0 && play.x + play.width <= size.width + 0.5 && play.y + play.height <= size.height + 0.5, `${label}: play area ${JSON.stringify(play)} outside the window`);
  assert.ok(play.width * play.height >= 0.3 * size.width * size.height, `${label}: the arena gets only ${JSON.stringify(play)}`);
  const panels = await panelRects(page);
  assert.ok(panels.length >= 3, `${label}: panels found: ${JSON.stringify(panels)}`);
  for (const r of panels) assert.ok(!intersects(r, play), `${label}: ${r.id} ${JSON.stringify(r)} covers the arena ${JSON.stringify(play)}`);
  const pxPerUnit = play.width / world.width;
  assert.ok(PLAYER_RADIUS_UNITS * pxPerUnit >= 10, `${label}: players are ${PLAYER_RADIUS_UNITS * pxPerUnit} px in radius`);
  const me = { x: play.x + (hook.rendered.x - world.x) * pxPerUnit, y: play.y + (hook.rendered.y - world.y) * pxPerUnit };
  const r = PLAYER_RADIUS_UNITS * pxPerUnit;
  assert.ok(me.x - r >= play.x - 1 && me.x + r <= play.x + play.width + 1 && me.y - r >= play.y - 1 && me.y + r <= play.y + play.height + 1, `${label}: we are drawn at ${JSON.stringify(me)}, outside ${JSON.stringify(play)}`);
}

/** Holds the arrow keys towards the nearest orb until `done` reads true from the hook. */
async function chaseOrbs(page: Page, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const held = new Set<string>();
  const hold = async (want: Set<string>) => {
    for (const key of held) if (!want.has(key)) await page.keyboard.up(key);
    for (const key of want) if (!held.has(key)) await page.keyboard.down(key);
    held.clear();
    for (const key of want) held.add(key);
  };
  const deadline = Date.now() + timeoutMs;
  try {
    while (!(await done())) {
      assert.ok(Date.now() < deadline, `no pickup within ${timeoutMs} ms`);
      const hook = await readHook(page);
      const me = hook.predicted;
      const orb = me ? [...hook.orbs].sort((a, b) => Math.hypot(a.x - me.x, a.y - me.y) - Math.hypot(b.x - me.x, b.y - me.y))[0] : undefined;
      const want = new Set<string>();
      if (me && orb) {
        if (orb.x - me.x > 6) want.add("ArrowRight");
        if (orb.x - me.x < -6) want.add("ArrowLeft");
        if (orb.y - me.y > 6) want.add("ArrowDown");
        if (orb.y - me.y < -6) want.add("ArrowUp");
      }
      await hold(want); // the next read is the wait: one page round trip, never a fixed sleep
    }
  } finally {
    await hold(new Set());
  }
}

describe("layout and game feel in the browser (Chromium)", function () {
  this.timeout(60_000);
  let browser: Browser;
  let client: { dir: string; remove(): Promise<void> };
  let server: TestServer;
  let host: Bot;
  const closers: Array<() => Promise<unknown>> = [];

  before(async function () {
    this.timeout(90_000);
    [client, browser] = await Promise.all([buildClient(), launchChromium()]);
    server = await startTestServer({ roundMs: 120_000 }, { CLIENT_DIR: client.dir });
    await mkdir(OUTPUT_DIR, { recursive: true });
    host = await Bot.join(server.url, { kind: "create" }, { name: "Orbiter" });
    host.drive("orbs");
    closers.push(() => host.leave());
  });
  after(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
    await server?.close();
    await browser?.close();
    await client?.remove();
  });

  /** A player in a fresh context at `size`, joined to the host's room by its code; page errors fail the test. */
  async function joinAt(size: Size, name: string, deviceScaleFactor = 1): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor, isMobile: size.phone, hasTouch: size.phone });
    closers.push(() => context.close());
    await context.addInitScript("globalThis.__name = (fn) => fn");
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    closers.push(async () => assert.deepEqual(errors, [], `${name}: page errors`));
    await page.goto(server.httpUrl);
    await page.getByTestId("name-input").fill(name);
    const hint = await page.getByTestId("controls-hint").textContent();
    assert.match(hint ?? "", size.phone ? /touch .*drag/ : /arrow keys/, `the lobby's controls hint: ${hint}`);
    await page.getByTestId("code-input").fill(host.roomId);
    await page.getByTestId("join-code").click();
    await waitForGame(page);
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
      await host.chat(`hello ${size.name}`);
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
    const hillHost = await HillBot.join(server.url, { kind: "create" }, { name: "King" });
    closers.push(() => hillHost.leave());
    const size = SIZES[4]!;
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, isMobile: true, hasTouch: true });
    closers.push(() => context.close());
    await context.addInitScript("globalThis.__name = (fn) => fn");
    const page = await context.newPage();
    await page.goto(server.httpUrl);
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
    const late = await Bot.join(server.url, { kind: "id", roomId: host.roomId }, { name: "Latecomer" });
    await page.getByTestId("hud-notice").filter({ hasText: "Latecomer joined" }).waitFor({ timeout: 5000 });
    await late.leave();
    await page.getByTestId("hud-notice").filter({ hasText: "Latecomer left" }).waitFor({ timeout: 5000 });

    await page.getByTestId("mute").click();
    assert.equal(await page.getByTestId("mute").getAttribute("aria-pressed"), "true");
    assert.equal(await page.evaluate(() => localStorage.getItem("orbArena.muted")), "1");
    await page.reload();
    await page.getByTestId("code-input").fill(host.roomId);
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
      return h.pendingInputs === 0 && h.server !== null && h.predicted !== null && Math.abs(h.server.x - h.predicted.x) < 0.5 && Math.abs(h.server.y - h.predicted.y) < 0.5;
    }, null, { timeout: 10_000 }).catch(async (e) => {
      throw new Error(`${e}: ${JSON.stringify(await readHook(page))}`);
    });
    await page.context().close();
  });

  it("a dash hit seen in the browser: the one hit shows its lost points", async () => {
    const victim = await Bot.join(server.url, { kind: "create" }, { name: "Target" });
    closers.push(() => victim.leave());
    const dasher = await Bot.join(server.url, { kind: "id", roomId: victim.roomId }, { name: "Rammer" });
    closers.push(() => dasher.leave());
    const page = await (async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      closers.push(() => context.close());
      await context.addInitScript("globalThis.__name = (fn) => fn");
      const p = await context.newPage();
      await p.goto(server.httpUrl);
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

  it("a crowd on one spot: names never overlap, ours always shows", async () => {
    const first = await Bot.join(server.url, { kind: "create" }, { name: "Crowd 1" });
    closers.push(() => first.leave());
    const crowd = [first];
    for (let i = 2; i <= 6; i++) {
      const b = await Bot.join(server.url, { kind: "id", roomId: first.roomId }, { name: `Crowd ${i}` });
      closers.push(() => b.leave());
      crowd.push(b);
    }
    const spot = { x: 800, y: 500 };
    for (const b of crowd) b.drive((me) => ({ dx: Math.abs(spot.x - me.x) > 4 ? Math.sign(spot.x - me.x) : 0, dy: Math.abs(spot.y - me.y) > 4 ? Math.sign(spot.y - me.y) : 0 }));
    const size = SIZES[3]!;
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, isMobile: true, hasTouch: true });
    closers.push(() => context.close());
    await context.addInitScript("globalThis.__name = (fn) => fn");
    const page = await context.newPage();
    await page.goto(server.httpUrl);
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

  it("writes the README's screenshots: a busy room on a desktop and on a phone", async () => {
    const room = await Bot.join(server.url, { kind: "create" }, { name: "Nova" });
    closers.push(() => room.leave());
    room.drive("orbs");
    for (const name of ["Pip", "Orbiter", "Wanderer"]) {
      const b = await Bot.join(server.url, { kind: "id", roomId: room.roomId }, { name });
      closers.push(() => b.leave());
      b.drive("orbs");
    }
    for (const [size, file] of [
      [SIZES[1]!, "readme-desktop"],
      [SIZES[4]!, "readme-phone"],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, isMobile: size.phone, hasTouch: size.phone });
      closers.push(() => context.close());
      await context.addInitScript("globalThis.__name = (fn) => fn");
      const page = await context.newPage();
      await page.goto(server.httpUrl);
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
