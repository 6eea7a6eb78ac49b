/**
 * Helpers of the layout and game-feel browser tests (test/layoutBrowser.test.ts, test/feelBrowser.test.ts):
 * the sizes played, the arena's camera viewport against the panels' rectangles, a player joined by code at a
 * size, and a walk to the nearest orbs by real key presses.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { PLAYER_RADIUS_UNITS } from "../../shared/sim/constants.js";
import { readHook, waitForGame } from "./browser.js";

export interface Size {
  name: string;
  width: number;
  height: number;
  phone: boolean;
}

export const SIZES: Size[] = [
  { name: "desktop-1920x1080", width: 1920, height: 1080, phone: false },
  { name: "desktop-1280x800", width: 1280, height: 800, phone: false },
  { name: "desktop-800x600", width: 800, height: 600, phone: false },
  { name: "phone-360x640", width: 360, height: 640, phone: true },
  { name: "phone-390x844", width: 390, height: 844, phone: true },
  { name: "phone-844x390", width: 844, height: 390, phone: true },
  { name: "phone-640x360", width: 640, height: 360, phone: true },
];

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const intersects = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every visible panel of the game page (room bar, HUD, emote bar, chat), as page rectangles. */
export function panelRects(page: Page): Promise<Array<Rect & { id: string }>> {
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
export async function checkLayout(page: Page, size: { width: number; height: number }, label: string): Promise<void> {
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
export async function chaseOrbs(page: Page, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
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

/**
 * A player in a fresh browser context at `size` (a phone: touch, mobile), who types `name`, checks the lobby's
 * controls hint speaks of the device in hand, and joins the room `code`. Page errors are collected in `errors`.
 */
export async function joinByCode(browser: Browser, httpUrl: string, size: Size, name: string, code: string, deviceScaleFactor = 1): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor, isMobile: size.phone, hasTouch: size.phone });
  await context.addInitScript("globalThis.__name = (fn) => fn");
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(httpUrl);
  await page.getByTestId("name-input").fill(name);
  const hint = await page.getByTestId("controls-hint").textContent();
  assert.match(hint ?? "", size.phone ? /touch .*drag/ : /arrow keys/, `the lobby's controls hint: ${hint}`);
  await page.getByTestId("code-input").fill(code);
  await page.getByTestId("join-code").click();
  await waitForGame(page);
  return { page, errors };
}
