/**
 * Names and chat lines stay inside their own boxes in a real browser: a long name is cut, a line of
 * combining marks cannot paint over the lines around it, right-to-left text cannot reorder its row.
 */
import assert from "node:assert/strict";
import type { Browser, Locator, Page } from "playwright-core";
import { Bot } from "../bots/Bot.js";
import { NAME_MAX_CHARS } from "../shared/protocol.js";
import { buildClient, chatRows, launchChromium, openPlayer, waitForGame, type PlayerPage } from "./helpers/browser.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
}

const box = (l: Locator): Promise<Box> =>
  l.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
  });

/**
 * Screenshot of the whole pixels inside one element's box (a fractional edge pixel is shared with
 * the next row, so it is left out).
 */
async function shot(l: Locator): Promise<Buffer> {
  await l.scrollIntoViewIfNeeded();
  const b = await box(l);
  const top = Math.ceil(b.top);
  const clip = { x: Math.ceil(b.left), y: top, width: Math.floor(b.right) - Math.ceil(b.left), height: Math.floor(b.bottom) - top };
  return l.page().screenshot({ clip, animations: "disabled" });
}

async function hideCanvas(page: Page) {
  await page.addStyleTag({ content: "canvas { visibility: hidden !important; }" });
}

describe("text stays inside its box (Chromium)", function () {
  this.timeout(60_000);
  let browser: Browser;
  let client: { dir: string; remove(): Promise<void> };
  let server: TestServer;
  let page: PlayerPage | undefined;
  let bot: Bot | undefined;

  before(async function () {
    this.timeout(90_000);
    [client, browser] = await Promise.all([buildClient(), launchChromium()]);
    server = await startTestServer({}, { CLIENT_DIR: client.dir });
  });
  after(async () => {
    await page?.close();
    await bot?.leave().catch(() => undefined);
    await server?.close();
    await browser?.close();
    await client?.remove();
  });

  it("a 20-character name and a line of 280 combining marks stay inside their chat rows", async () => {
    page = await openPlayer(browser, server.httpUrl, "Alice");
    const p = page.page;
    await p.getByTestId("create-private").click();
    await waitForGame(p);
    const code = (await p.getByTestId("room-code").textContent())?.trim() ?? "";
    const longName = "W".repeat(NAME_MAX_CHARS);
    bot = await Bot.join(server.url, { kind: "id", roomId: code }, { name: longName });

    await bot.chat("the line above");
    const zalgo = await bot.chat(`Z${"\u0301".repeat(279)}`);
    await bot.chat("\u202eright-to-left override \u05e9\u05dc\u05d5\u05dd");
    await bot.chat("the line below");
    await chatRows(p, "room", "the line below").waitFor({ timeout: 5000 });
    await hideCanvas(p);

    const log = p.locator("[data-testid=chat-log][data-channel=room]");
    const above = chatRows(p, "room", "the line above");
    const below = chatRows(p, "room", "the line below");
    const middle = p.locator(`[data-testid=chat-log][data-channel=room] [data-id="${zalgo.id}"]`);
    // The server bounded the marks: the letter (Ź after NFC) and two more.
    assert.equal(await middle.getByTestId("chat-text").textContent(), "\u0179\u0301\u0301");

    // The long name is cut to its box, inside its row, inside the log.
    const logBox = await box(log);
    for (const row of await chatRows(p, "room").all()) {
      const rowBox = await box(row);
      const nameBox = await box(row.getByTestId("chat-name"));
      const textBox = await box(row.getByTestId("chat-text"));
      assert.ok(rowBox.left >= logBox.left - 0.5 && rowBox.right <= logBox.right + 0.5, `row inside the log: ${JSON.stringify({ rowBox, logBox })}`);
      for (const inner of [nameBox, textBox]) {
        assert.ok(inner.left >= rowBox.left - 0.5 && inner.right <= rowBox.right + 0.5, `inside the row: ${JSON.stringify({ inner, rowBox })}`);
      }
    }
    const name = above.getByTestId("chat-name");
    const cut = await name.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth, overflow: getComputedStyle(e).textOverflow }));
    assert.equal(await name.textContent(), longName, "the whole name is in the page (and its title)");
    assert.ok(cut.scroll > cut.client, `the long name is cut to its box: ${JSON.stringify(cut)}`);
    assert.equal(cut.overflow, "ellipsis");
    // The override was stripped; the Hebrew word stays isolated in its own span.
    const rtl = chatRows(p, "room", "right-to-left override");
    assert.equal((await rtl.getByTestId("chat-text").textContent())?.includes("\u202e"), false);
    assert.equal(await rtl.getByTestId("chat-text").getAttribute("dir"), "auto");

    // The worst case, beyond what the server sends: 280 marks on one letter, put straight into the
    // row. The rows around it look exactly as before, pixel for pixel.
    const aboveBefore = await shot(above);
    const belowBefore = await shot(below);
    const middleBox = await box(middle);
    await middle.getByTestId("chat-text").evaluate((e) => (e.textContent = `Z${"\u0301".repeat(280)}`));
    assert.equal((await box(middle)).bottom - (await box(middle)).top, middleBox.bottom - middleBox.top, "the row keeps its height");
    assert.ok((await shot(above)).equals(aboveBefore), "the line above is untouched");
    assert.ok((await shot(below)).equals(belowBefore), "the line below is untouched");

    // Control: without the clipping rule the same marks do paint into the line above (so the check above can fail).
    const unclipped = await p.addStyleTag({ content: ".chat-message { overflow: visible !important; contain: none !important; }" });
    const aboveUnclipped = await shot(above);
    await unclipped.evaluate((e) => (e as ChildNode).remove());
    assert.equal(aboveUnclipped.equals(aboveBefore), false, "marks reach the line above when nothing clips them");
    assert.deepEqual(page.unexpectedErrors(), []);
  });
});
