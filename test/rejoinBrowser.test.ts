/**
 * The browser session's half of a deploy (issue 17): when the server closes the room because it stops (4001),
 * the page looks for a new room by itself (game-client/net/rejoin.ts through net/matchmaking.ts rejoinGame) and
 * says so in the HUD's notice feed, with no click. Real Chromium; the server is stopped and another one started on
 * the same port (what a load balancer in front of a restarted process looks like to the page). No fixed sleeps.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { buildClient, launchChromium, openPlayer, readHook, waitForGame, type PlayerPage } from "./helpers/browser.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

describe("browser: moved to a new room after a server restart (4001)", function () {
  this.timeout(60_000);
  let browser: Browser;
  let client: { dir: string; remove(): Promise<void> };
  let page: PlayerPage | undefined;

  before(async function () {
    this.timeout(90_000);
    [client, browser] = await Promise.all([buildClient(), launchChromium()]);
  });
  after(async () => {
    await page?.close();
    await browser?.close();
    await client?.remove();
  });

  it("rejoins by quick play under the same name, shows “moved you to a new room”, never stops in the lobby", async () => {
    let first: TestServer | undefined = await startTestServer({}, { CLIENT_DIR: client.dir });
    let second: TestServer | undefined;
    try {
      const port = new URL(first.httpUrl).port;
      page = await openPlayer(browser, first.httpUrl, "Mover");
      const p = page;
      await p.page.getByTestId("quick-play").click();
      await waitForGame(p.page);
      const before = await readHook(p.page);
      // While the server is down, the rejoin's tries and the lobby feed's fail to connect: expected.
      p.expectErrors(/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|Failed to load resource/);
      // The page records whether it ever showed the lobby from here on.
      await p.page.evaluate(() => {
        const w = window as unknown as { __sawLobby?: boolean };
        w.__sawLobby = false;
        const watch = () => {
          if (window.__orbArena?.screen === "lobby") w.__sawLobby = true;
          else requestAnimationFrame(watch);
        };
        requestAnimationFrame(watch);
      });

      await first.close(); // graceful stop: every room closes its clients with 4001
      first = undefined;
      const banner = p.page.locator("[data-testid=connection-status][data-state=closed][data-reason=restarting]");
      await banner.waitFor({ timeout: 5000 });
      assert.match((await banner.getByTestId("connection-text").textContent()) ?? "", /Moving you to a new room/);
      const downAt = Date.now();
      second = await startTestServer({}, { CLIENT_DIR: client.dir, PORT: port });

      await p.page.locator("[data-testid=hud-notice]", { hasText: "moved you to a new room" }).waitFor({ timeout: 15_000 });
      await waitForGame(p.page);
      const after = await readHook(p.page);
      assert.notEqual(after.roomId, before.roomId, "a new room");
      assert.equal(after.screen, "game");
      assert.equal(after.players[after.sessionId!]?.name, "Mover", "same name");
      assert.equal(await p.page.evaluate(() => (window as unknown as { __sawLobby?: boolean }).__sawLobby), false, "went through the lobby");
      await p.page.locator("[data-testid=connection-status]").waitFor({ state: "hidden", timeout: 2000 });
      console.log(`      [measured] browser: in the new room ${Date.now() - downAt} ms after the old server was gone and the new one was starting`);
    } finally {
      await first?.close();
      await second?.close();
    }
  });
});
