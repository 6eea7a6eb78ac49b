/**
 * The browser client end to end: the real server in-process, the client built once with Vite,
 * real Chromium pages. No fixed sleeps: every wait is for an event or condition, with a bound.
 */
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { matchMaker } from "@colyseus/core";
import type { Browser } from "playwright-core";
import { Bot } from "../bots/Bot.js";
import { CLOSE_CODE } from "../shared/protocol.js";
import { MAX_PLAYERS_PER_ROOM } from "../shared/sim/constants.js";
import {
  buildClient,
  chatRows,
  installMoveProbe,
  launchChromium,
  openChatTab,
  openPlayer,
  readHook,
  readMoveProbe,
  recordChatStatuses,
  recordedChatStatuses,
  say,
  startLatencyProxy,
  waitForGame,
  type PlayerPage,
} from "./helpers/browser.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const OUTPUT_DIR = "test-output";
/** Short rounds, so the screenshot test can show a round's result. */
const TUNING = { roundMs: 8000, intermissionMs: 4000 };
/** The SDK only reconnects rooms joined at least `reconnection.minUptime` (5 s) ago. */
const SDK_MIN_UPTIME_MS = 5000;

describe("browser client (Chromium)", function () {
  this.timeout(30_000);
  let browser: Browser;
  let client: { dir: string; remove(): Promise<void> };
  let pages: PlayerPage[] = [];
  let bots: Bot[] = [];

  const openAt = async (url: string, name: string) => {
    const p = await openPlayer(browser, url, name);
    pages.push(p);
    return p;
  };
  const bot = async (...args: Parameters<typeof Bot.join>) => {
    const b = await Bot.join(...args);
    bots.push(b);
    return b;
  };
  /** Waits (polling the page's clock, no sleep in the test) until the SDK would reconnect a room joined at `joinedAt`. */
  const waitForReconnectable = (p: PlayerPage, joinedAt: number) =>
    p.page.waitForFunction(([since, ms]) => Date.now() - since > ms, [joinedAt, SDK_MIN_UPTIME_MS + 500] as const, { timeout: SDK_MIN_UPTIME_MS + 3000, polling: 250 });

  before(async function () {
    this.timeout(60_000);
    [client, browser] = await Promise.all([buildClient(), launchChromium()]);
  });
  afterEach(async function () {
    const errors = pages.flatMap((p) => p.unexpectedErrors());
    await Promise.all(pages.map((p) => p.close()));
    await Promise.all(bots.map((b) => b.leave().catch(() => undefined)));
    pages = [];
    bots = [];
    if (this.currentTest?.state === "passed") assert.deepEqual(errors, [], "pages logged errors");
  });
  after(async () => {
    await browser?.close();
    await client?.remove();
  });

  describe("against one server", function () {
    let server: TestServer;
    const open = (name: string, url = server.httpUrl) => openAt(url, name);

    before(async () => {
      server = await startTestServer(TUNING, { CLIENT_DIR: client.dir });
    });
    after(async () => {
      await server?.close();
    });

    it("two pages share a private room by code and see each other move; a bot sees it too", async () => {
      const a = await open("Alice");
      await a.page.getByTestId("create-private").click();
      await waitForGame(a.page);
      const code = (await a.page.getByTestId("room-code").textContent())?.trim() ?? "";
      assert.match(code, /^[A-Z0-9]{6}$/);
      assert.equal(await a.page.getByTestId("room-bar").getAttribute("data-private"), "true");

      const b = await open("Bob");
      await b.page.getByTestId("code-input").fill(`${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`); // typed loosely
      await b.page.getByTestId("join-code").click();
      await waitForGame(b.page);
      const watcher = await bot(server.url, { kind: "id", roomId: code }, { name: "Watcher" });

      const alice = await readHook(a.page);
      assert.equal((await readHook(b.page)).roomId, code);
      const aliceId = alice.sessionId!;
      await b.page.waitForFunction((id) => id in window.__orbArena!.players, aliceId, { timeout: 5000 });
      const start = alice.predicted!;
      const key = start.x < 800 ? "KeyD" : "KeyA";

      await a.page.keyboard.down(key);
      await b.page.waitForFunction(([id, x0]) => Math.abs(window.__orbArena!.players[id]!.x - x0) > 40, [aliceId, start.x] as const, { timeout: 5000 });
      await watcher.waitFor(() => Math.abs(watcher.state.players.get(aliceId)!.x - start.x) > 40, 5000, "Alice moving");
      await a.page.keyboard.up(key);
      const seenByB = (await readHook(b.page)).players[aliceId]!;
      assert.equal(seenByB.name, "Alice");
      // Along x only. (A spawn may sit up to 4 units inside the wall band — spots are picked with the
      // orb margin — and the first step clamps the player back inside, so y may shift by that much.)
      assert.ok(Math.abs(seenByB.y - start.y) <= 4.1, `moved along x only: from ${JSON.stringify(start)} to ${JSON.stringify(seenByB)}`);
    });

    it("chat: pending then delivered for the sender, shown to others, markup stays text", async () => {
      const a = await open("Alice");
      await a.page.getByTestId("create-private").click();
      await waitForGame(a.page);
      const code = (await readHook(a.page)).roomId!;
      const b = await open("Bob");
      await b.page.getByTestId("code-input").fill(code);
      await b.page.getByTestId("join-code").click();
      await waitForGame(b.page);

      await recordChatStatuses(a.page);
      await say(a.page, "hello from Alice");
      const mine = a.page.locator('[data-testid=chat-message][data-mine=true]', { hasText: "hello from Alice" });
      await mine.and(a.page.locator("[data-status=delivered]")).waitFor({ timeout: 5000 });
      assert.deepEqual(await a.page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses), ["pending", "delivered"]);
      await b.page.locator("[data-testid=chat-message][data-status=delivered][data-mine=false]", { hasText: "hello from Alice" }).waitFor({ timeout: 5000 });

      const attack = `<img src=x onerror="window.__pwned = true">`;
      await say(a.page, attack);
      await b.page.getByTestId("chat-text").filter({ hasText: attack }).waitFor({ timeout: 5000 });
      assert.equal(await b.page.locator("[data-testid=chat-log] img").count(), 0, "no element was parsed from the text");
      assert.equal(await b.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned), undefined);

      // Too long: refused before sending. Then the server's rate limit (5 per 5 s): 3 more pass, the 6th fails.
      await say(a.page, "x".repeat(281));
      await a.page.getByTestId("chat-error").filter({ hasText: "longer than 280" }).waitFor({ timeout: 2000 });
      await a.page.getByTestId("chat-input").fill("");
      for (const n of [3, 4, 5, 6]) await say(a.page, `burst ${n}`);
      const refused = a.page.locator("[data-testid=chat-message][data-status=failed]", { hasText: "burst 6" });
      await refused.getByTestId("chat-status").filter({ hasText: "At most 5 messages" }).waitFor({ timeout: 5000 });
      await b.page.locator("[data-testid=chat-message]", { hasText: "burst 5" }).waitFor({ timeout: 5000 });
      assert.equal(await b.page.locator("[data-testid=chat-message]", { hasText: "burst 6" }).count(), 0);
    });

    it("global chat: pending then delivered on the sender's Global tab, seen in another room and in the lobby, markup stays text", async () => {
      const [lobby, a, b] = await Promise.all([open("Lena"), open("Alice"), open("Bob")]);
      await Promise.all([a.page.getByTestId("create-private").click(), b.page.getByTestId("create-private").click()]);
      await Promise.all([waitForGame(a.page), waitForGame(b.page)]);
      await lobby.page.locator("[data-testid=lobby-status][data-state=live]").waitFor({ timeout: 5000 });
      assert.notEqual((await readHook(a.page)).roomId, (await readHook(b.page)).roomId, "two different rooms");

      const text = "hello to every room";
      await openChatTab(a.page, "global");
      await recordChatStatuses(a.page, "global");
      await say(a.page, text);
      await chatRows(a.page, "global", text).and(a.page.locator("[data-status=delivered][data-mine=true]")).waitFor({ timeout: 5000 });
      assert.deepEqual(await recordedChatStatuses(a.page), ["pending", "delivered"]);
      assert.equal(await chatRows(a.page, "room", text).count(), 0, "a global message is not room chat");

      // Bob is on the Room tab: the Global tab counts it as unread until he opens it.
      const bobGlobalTab = b.page.locator("[data-testid=chat-tab][data-channel=global]");
      await b.page.waitForFunction(() => Number(document.querySelector("[data-testid=chat-tab][data-channel=global]")?.getAttribute("data-unread")) >= 1, null, { timeout: 5000 });
      await openChatTab(b.page, "global");
      const seenByBob = chatRows(b.page, "global", text);
      await seenByBob.waitFor({ timeout: 5000 });
      assert.equal(await seenByBob.getAttribute("data-status"), "delivered");
      assert.equal(await seenByBob.getByTestId("chat-name").textContent(), "Alice");
      assert.equal(await bobGlobalTab.getAttribute("data-unread"), "0");
      const seenInLobby = chatRows(lobby.page, "global", text);
      await seenInLobby.waitFor({ timeout: 5000 });
      assert.equal(await seenInLobby.getByTestId("chat-name").textContent(), "Alice");

      const markup = "<b>x</b>";
      await say(a.page, markup);
      for (const p of [b, lobby]) {
        await p.page.getByTestId("chat-text").filter({ hasText: markup }).waitFor({ timeout: 5000 });
        assert.equal(await p.page.getByTestId("chat-text").filter({ hasText: markup }).textContent(), markup);
        assert.equal(await p.page.locator("[data-testid=chat-log] b").count(), 0, "no element was parsed from the text");
      }

      // From the lobby: the lobby is joined under the name typed, so the message carries it.
      await say(lobby.page, "hi from the lobby");
      await chatRows(lobby.page, "global", "hi from the lobby").and(lobby.page.locator("[data-status=delivered][data-mine=true]")).waitFor({ timeout: 5000 });
      const fromLobby = chatRows(a.page, "global", "hi from the lobby");
      await fromLobby.waitFor({ timeout: 5000 });
      assert.equal(await fromLobby.getByTestId("chat-name").textContent(), "Lena");
      assert.equal(await fromLobby.getAttribute("data-mine"), "false");
    });

    it("catches up on room and global chat sent while the connection was down", async () => {
      const proxy = await startLatencyProxy(Number(new URL(server.httpUrl).port), 0);
      try {
        const [a, b] = await Promise.all([open("Away", `http://127.0.0.1:${proxy.port}/`), open("Present")]);
        a.expectErrors(/WebSocket connection to .* failed|ERR_CONNECTION_RESET|ERR_CONNECTION_REFUSED/); // reconnection attempts during the outage
        await a.page.getByTestId("create-private").click();
        await waitForGame(a.page);
        const joinedAt = Date.now();
        const code = (await readHook(a.page)).roomId!;
        await b.page.getByTestId("code-input").fill(code);
        await b.page.getByTestId("join-code").click();
        await waitForGame(b.page);
        const elsewhere = await bot(server.url, { kind: "create" }, { name: "Elsewhere" }); // in another room
        await say(b.page, "before the outage");
        await chatRows(a.page, "room", "before the outage").waitFor({ timeout: 5000 });
        await waitForReconnectable(a, joinedAt);

        // A's network goes down (and stays down) while B talks in the room and a player elsewhere globally.
        proxy.pause();
        await a.page.locator("[data-testid=connection-status][data-state=reconnecting]").waitFor({ timeout: 5000 });
        await Promise.all([
          say(b.page, "said while you were away").then(() =>
            chatRows(b.page, "room", "said while you were away").and(b.page.locator("[data-status=delivered]")).waitFor({ timeout: 5000 }),
          ),
          elsewhere.globalChat("global news while you were away"),
        ]);
        assert.equal((await readHook(a.page)).connection, "reconnecting", "A was away the whole time");

        proxy.resume();
        await a.page.locator("[data-testid=connection-status][data-state=connected]").waitFor({ state: "attached", timeout: 10_000 });
        await chatRows(a.page, "room", "said while you were away").waitFor({ timeout: 5000 });
        await chatRows(a.page, "global", "global news while you were away").waitFor({ state: "attached", timeout: 5000 });
        const caughtUp = (await readHook(a.page)).chatCaughtUp;
        assert.ok(caughtUp.room >= 1 && caughtUp.global >= 1, `recovered by catch-up: ${JSON.stringify(caughtUp)}`);

        // In order, once each; and the live stream goes on.
        await elsewhere.globalChat("after the outage");
        await say(b.page, "after the outage");
        await chatRows(a.page, "room", "after the outage").waitFor({ timeout: 5000 });
        await chatRows(a.page, "global", "after the outage").waitFor({ state: "attached", timeout: 5000 });
        assert.equal(await chatRows(a.page, "global", "global news while you were away").count(), 1);
        const texts = await a.page.locator("[data-testid=chat-log][data-channel=room] [data-testid=chat-text]").allTextContents();
        assert.deepEqual(texts, ["before the outage", "said while you were away", "after the outage"]);
        const ids = (await a.page.locator("[data-testid=chat-log][data-channel=global] [data-testid=chat-message]").evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.id))));
        assert.deepEqual(ids, [...new Set(ids)].sort((x, y) => x - y), "global messages once each, in id order");
      } finally {
        await proxy.close();
      }
    });

    it("lobby lists public rooms live with player counts, hides private ones, explains failed joins", async () => {
      const watcher = await open("Carol");
      await watcher.page.locator("[data-testid=lobby-status][data-state=live]").waitFor({ timeout: 5000 });
      const host = await open("Dave");
      await host.page.getByTestId("create-public").click();
      await waitForGame(host.page);
      const code = (await readHook(host.page)).roomId!;
      const hidden = await bot(server.url, { kind: "create" }, { name: "Hidden", private: true });

      const item = (clients: number) => watcher.page.locator(`[data-testid=room-item][data-room-id="${code}"][data-clients="${clients}"]`);
      await item(1).waitFor({ timeout: 5000 });
      const visitor = await bot(server.url, { kind: "id", roomId: code }, { name: "Visitor" });
      await item(2).waitFor({ timeout: 5000 });
      // Colyseus counts the reserved seat at once; the humans count (listing metadata) follows the join.
      await item(2).getByTestId("room-count").filter({ hasText: `2/${MAX_PLAYERS_PER_ROOM} players` }).waitFor({ timeout: 5000 });
      assert.equal(await item(2).getByTestId("room-count").textContent(), `2/${MAX_PLAYERS_PER_ROOM} players`);
      assert.equal(await watcher.page.locator(`[data-room-id="${hidden.roomId}"]`).count(), 0, "private room listed");

      await visitor.leave();
      await item(1).waitFor({ timeout: 5000 });
      await host.page.getByTestId("leave-room").click();
      await host.page.waitForFunction(() => window.__orbArena?.screen === "lobby", null, { timeout: 5000 });
      await watcher.page.locator(`[data-room-id="${code}"]`).waitFor({ state: "detached", timeout: 5000 });

      const error = watcher.page.getByTestId("lobby-error");
      // The refused joins below: an unknown code (522), a room whose player seats are taken (523, "… is already full").
      watcher.expectErrors(/Failed to load resource: the server responded with a status of 52[23]/);
      await watcher.page.getByTestId("code-input").fill("ZZZZZZ");
      await watcher.page.getByTestId("join-code").click();
      await error.filter({ hasText: "No room found" }).waitFor({ timeout: 5000 });
      const first = await bot(server.url, { kind: "create" }, { name: "Full 1", private: true });
      for (let i = 2; i <= MAX_PLAYERS_PER_ROOM; i++) await bot(server.url, { kind: "id", roomId: first.roomId }, { name: `Full ${i}` });
      await watcher.page.getByTestId("code-input").fill(first.roomId);
      await watcher.page.getByTestId("join-code").click();
      await error.filter({ hasText: "is full" }).waitFor({ timeout: 5000 });

      await watcher.page.reload(); // the name is remembered
      assert.equal(await watcher.page.getByTestId("name-input").inputValue(), "Carol");
    });

    it("predicts the local player at once over a 100 ms round trip and converges after release", async () => {
      const proxy = await startLatencyProxy(Number(new URL(server.httpUrl).port), 50);
      try {
        const p = await open("Lagged", `http://127.0.0.1:${proxy.port}/`);
        await p.page.getByTestId("create-private").click();
        await waitForGame(p.page);
        await p.page.waitForFunction(() => window.__orbArena!.rttMs >= 100, null, { timeout: 5000 });
        const before = await readHook(p.page);
        const key = before.predicted!.x < 800 ? "ArrowRight" : "ArrowLeft";

        await installMoveProbe(p.page);
        await p.page.keyboard.down(key);
        const probe = await readMoveProbe(p.page);
        await p.page.keyboard.up(key);
        const predictedFrames = probe.predictedFrame! - probe.keyFrame;
        const renderedFrames = probe.renderedFrame! - probe.keyFrame;
        const serverMs = probe.serverAt! - probe.keyAt;
        const predictedMs = probe.predictedAt! - probe.keyAt;
        console.log(`      prediction: predicted after ${predictedFrames} frame(s) / ${predictedMs.toFixed(0)} ms, drawn after ${renderedFrames} frame(s), server after ${serverMs.toFixed(0)} ms (rtt ${before.rttMs.toFixed(0)} ms)`);
        assert.ok(predictedFrames >= 1 && predictedFrames <= 2, `predicted position changed ${predictedFrames} frames after the key press`);
        assert.ok(renderedFrames >= 1 && renderedFrames <= 2, `drawn position changed ${renderedFrames} frames after the key press`);
        assert.ok(serverMs >= 100, `server confirmed after ${serverMs} ms: the round trip is not ≥100 ms`);
        assert.ok(predictedMs < serverMs, "prediction was not ahead of the server");

        await p.page.waitForFunction(
          () => {
            const h = window.__orbArena!;
            const { predicted: p, rendered: r, server: s } = h;
            return !!p && !!r && !!s && Math.hypot(p.x - s.x, p.y - s.y) < 0.05 && Math.hypot(r.x - s.x, r.y - s.y) < 0.5;
          },
          null,
          { timeout: 5000 },
        );
        const after = await readHook(p.page);
        assert.ok(Math.abs(after.server!.x - before.server!.x) > 10, "the server moved the player");
      } finally {
        await proxy.close();
      }
    });

    it("shows reconnecting… while the connection is down, resumes, and offers the lobby when the room is gone", async () => {
      const proxy = await startLatencyProxy(Number(new URL(server.httpUrl).port), 0);
      try {
        const p = await open("Flaky", `http://127.0.0.1:${proxy.port}/`);
        const banner = p.page.getByTestId("connection-status");
        await p.page.getByTestId("create-private").click();
        await waitForGame(p.page);
        const joined = await readHook(p.page);
        await waitForReconnectable(p, Date.now());

        proxy.cut();
        await banner.and(p.page.locator("[data-state=reconnecting]")).filter({ hasText: "reconnecting" }).waitFor({ timeout: 5000 });
        await p.page.screenshot({ path: `${OUTPUT_DIR}/reconnecting.png` });
        await p.page.locator("[data-testid=connection-status][data-state=connected]").waitFor({ state: "attached", timeout: 10_000 });
        await banner.waitFor({ state: "hidden" });
        const back = await readHook(p.page);
        assert.equal(back.sessionId, joined.sessionId, "same seat after reconnecting");
        assert.equal(back.roomId, joined.roomId);

        // Moving still predicts and converges after the reconnection (the input stream was reset).
        const key = back.predicted!.x < 800 ? "KeyD" : "KeyA";
        await p.page.keyboard.down(key);
        await p.page.waitForFunction((x0) => Math.abs(window.__orbArena!.server!.x - x0) > 20, back.server!.x, { timeout: 5000 });
        await p.page.keyboard.up(key);
        await p.page.waitForFunction(() => {
          const { predicted: a, server: b } = window.__orbArena!;
          return !!a && !!b && Math.hypot(a.x - b.x, a.y - b.y) < 0.05;
        }, null, { timeout: 5000 });

        // Cut right after joining: too soon for the SDK to reconnect, so the room is gone for us.
        await p.page.getByTestId("leave-room").click();
        await p.page.getByTestId("create-private").click();
        await waitForGame(p.page);
        proxy.cut();
        await banner.and(p.page.locator("[data-state=closed]")).waitFor({ timeout: 5000 });
        await p.page.getByTestId("back-to-lobby").click();
        await p.page.getByTestId("lobby-error").filter({ hasText: "connection to the room was lost" }).waitFor({ timeout: 5000 });
        await p.page.locator("[data-testid=lobby-status][data-state=live]").waitFor({ timeout: 5000 });

        // The server goes away entirely: the lobby says so and keeps retrying; a join explains why it failed.
        p.expectErrors(/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/);
        await proxy.close();
        await p.page.locator("[data-testid=lobby-status][data-state=unreachable]").waitFor({ timeout: 5000 });
        await p.page.getByTestId("quick-play").click();
        await p.page.getByTestId("lobby-error").filter({ hasText: "Can’t reach the game server" }).waitFor({ timeout: 5000 });
      } finally {
        await proxy.close();
      }
    });

    it("explains a kick for abuse (4408) and a flood disconnect (4002), with a way back to the lobby", async () => {
      const p = await open("Rowdy");
      const cases = [
        { code: CLOSE_CODE.KICKED_FOR_ABUSE, kind: "kicked", title: "Kicked for abuse", notice: "too many invalid or refused messages" },
        { code: 4002, kind: "flooding", title: "Disconnected", notice: "more messages per second than the server allows" },
      ];
      for (const c of cases) {
        await p.page.getByTestId("create-private").click();
        await waitForGame(p.page);
        const { roomId, sessionId } = await readHook(p.page);
        // The server closes the connection the way its guards do (MessageGuard, Colyseus' rate limit).
        const seat = matchMaker.getLocalRoomById(roomId!)?.clients.get(sessionId!);
        assert.ok(seat, "the player's connection on the server");
        seat.leave(c.code, "test");
        const banner = p.page.locator(`[data-testid=connection-status][data-state=closed][data-reason=${c.kind}]`);
        await banner.waitFor({ timeout: 5000 });
        assert.equal(await banner.getByTestId("connection-title").textContent(), c.title);
        await banner.getByTestId("back-to-lobby").click();
        await p.page.getByTestId("lobby-error").filter({ hasText: c.notice }).waitFor({ timeout: 5000 });
      }
    });

    it("writes screenshots of the lobby and of a game", async () => {
      await mkdir(OUTPUT_DIR, { recursive: true });
      const host = await bot(server.url, { kind: "create" }, { name: "Orbiter" });
      host.drive("orbs");
      const other = await bot(server.url, { kind: "id", roomId: host.roomId }, { name: "Wanderer" });
      other.drive("random");
      for (const [name, steering] of [["Nova", "orbs"], ["Pip", "random"]] as const) {
        (await bot(server.url, { kind: "id", roomId: host.roomId }, { name })).drive(steering);
      }
      const p = await open("Player One");
      const item = p.page.locator(`[data-testid=room-item][data-room-id="${host.roomId}"]`);
      await item.waitFor({ timeout: 5000 });
      await p.page.screenshot({ path: `${OUTPUT_DIR}/lobby.png` });

      await item.getByTestId("room-join").click();
      await waitForGame(p.page);
      await host.chat("welcome!");
      await say(p.page, "hi all <3");
      await p.page.locator("[data-testid=chat-message][data-status=delivered]", { hasText: "hi all <3" }).waitFor({ timeout: 5000 });
      await p.page.locator("[data-testid=chat-message]", { hasText: "welcome!" }).waitFor({ timeout: 5000 });
      await other.globalChat("gg from another room");
      await p.page.locator("[data-testid=chat-tab][data-channel=global][data-unread='1']").waitFor({ timeout: 5000 });
      await p.page.waitForFunction((n) => Object.keys(window.__orbArena!.players).length === n, 5, { timeout: 5000 });
      await p.page.screenshot({ path: `${OUTPUT_DIR}/game.png` });

      // The default renderer here is Canvas (WebGL is software-rendered without a GPU); WebGL, forced, draws the same.
      const gl = await open("GL Viewer", `${server.httpUrl}/?renderer=webgl`);
      await gl.page.getByTestId("code-input").fill(host.roomId);
      await gl.page.getByTestId("join-code").click();
      await waitForGame(gl.page);
      assert.equal((await readHook(gl.page)).renderer, "webgl");
      await gl.page.waitForFunction((n) => Object.keys(window.__orbArena!.players).length === n, 6, { timeout: 5000 });
      await gl.page.screenshot({ path: `${OUTPUT_DIR}/game-webgl.png` });

      await p.page.waitForFunction(() => window.__orbArena!.phase === "ended", null, { timeout: TUNING.roundMs + 2000 });
      // The result card: the podium (at most three rows) and our own rank and score.
      await p.page.getByTestId("round-result").waitFor({ state: "visible", timeout: 2000 });
      const podium = await p.page.getByTestId("result-podium").getByTestId("board-row").count();
      assert.ok(podium >= 1 && podium <= 3, `podium rows: ${podium}`);
      assert.match((await p.page.getByTestId("result-mine").textContent()) ?? "", /^You: \d+(st|nd|rd|th) of 6 · \d+ points?$/);
      await p.page.screenshot({ path: `${OUTPUT_DIR}/round-result.png` });
    });
  });

  describe("server restart", function () {
    it("says “Server restarting…” when the server shuts down (close code 4001), and the lobby comes back with the server", async () => {
      let first: TestServer | undefined = await startTestServer(TUNING, { CLIENT_DIR: client.dir });
      let second: TestServer | undefined;
      try {
        const port = new URL(first.httpUrl).port;
        const p = await openAt(first.httpUrl, "Patient");
        await p.page.getByTestId("create-public").click();
        await waitForGame(p.page);
        p.expectErrors(/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|Failed to load resource/); // the lobby retrying while the server is down

        await first.close(); // graceful shutdown, as on SIGTERM: every room closes its clients with 4001
        first = undefined;
        const banner = p.page.locator("[data-testid=connection-status][data-state=closed][data-reason=restarting]");
        await banner.waitFor({ timeout: 5000 });
        assert.equal(await banner.getByTestId("connection-title").textContent(), "Server restarting…");
        assert.ok(await banner.getByTestId("back-to-lobby").isVisible(), "a way back to the lobby");
        await mkdir(OUTPUT_DIR, { recursive: true });
        await p.page.screenshot({ path: `${OUTPUT_DIR}/server-restarting.png` });

        await p.page.getByTestId("back-to-lobby").click();
        await p.page.getByTestId("lobby-error").filter({ hasText: "server is restarting" }).waitFor({ timeout: 5000 });
        await p.page.locator("[data-testid=lobby-status][data-state=restarting]").waitFor({ timeout: 5000 });

        // The server comes back on the same port: the lobby finds it by itself, no reload.
        second = await startTestServer(TUNING, { CLIENT_DIR: client.dir, PORT: port });
        await p.page.locator("[data-testid=lobby-status][data-state=live]").waitFor({ timeout: 8000 });
        await p.page.getByTestId("lobby-error").filter({ hasText: "server is back" }).waitFor({ timeout: 2000 });
        await p.page.getByTestId("quick-play").click();
        await waitForGame(p.page);
      } finally {
        await first?.close();
        await second?.close();
      }
    });
  });
});
