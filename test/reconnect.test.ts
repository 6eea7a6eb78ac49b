import assert from "node:assert/strict";
import { Bot } from "../bots/Bot.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

describe("reconnection", function () {
  this.timeout(30_000);
  const bots: Bot[] = [];
  const join = async (...args: Parameters<typeof Bot.join>) => {
    const bot = await Bot.join(...args);
    bots.push(bot);
    return bot;
  };
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.leave().catch(() => undefined)));
  });

  describe("within the grace period", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ reconnectGraceS: 15 });
    });
    after(() => server.close());

    it("a dropped player is marked disconnected, then comes back with the same position and score", async () => {
      const player = await join(server.url, { kind: "create" }, { name: "Flaky", reconnectImmediately: true });
      const watcher = await join(server.url, { kind: "id", roomId: player.roomId }, { name: "Watcher" });
      player.drive("orbs");
      await player.waitFor(() => player.me!.score >= 1, 15_000, "a point scored");
      player.stop();
      await player.waitFor(() => player.pendingInputs === 0, 2000, "every input applied");
      await watcher.waitFor(() => {
        const seen = watcher.state.players.get(player.sessionId);
        return seen !== undefined && seen.x === player.me!.x && seen.y === player.me!.y && seen.score === player.me!.score;
      }, 2000, "both views agree");
      const before = { x: player.me!.x, y: player.me!.y, score: player.me!.score, sessionId: player.sessionId };

      const back = player.nextReconnect();
      player.dropConnection();
      await watcher.waitFor(() => watcher.state.players.get(player.sessionId)?.connected === false, 3000, "marked disconnected");
      // Chat goes on while the player is away; it must not be lost to them.
      const missed = [await watcher.chat("while you were away"), await watcher.globalChat("global while away")];
      assert.ok(!player.chats.some((m) => m.id === missed[0]!.id), "not delivered while disconnected");
      await back;
      await watcher.waitFor(() => watcher.state.players.get(player.sessionId)?.connected === true, 3000, "marked connected");
      assert.equal(player.sessionId, before.sessionId);
      const after = watcher.state.players.get(player.sessionId)!;
      assert.deepEqual({ x: after.x, y: after.y, score: after.score }, { x: before.x, y: before.y, score: before.score });
      await player.waitFor(() => player.stats.caughtUp > 0, 3000, "chat catch-up");
      assert.ok(player.chats.some((m) => m.id === missed[0]!.id && m.text === "while you were away"), "room chat caught up");
      assert.ok(player.globalChats.some((m) => m.id === missed[1]!.id), "global chat caught up");

      // The reconnected session plays on: inputs move it again.
      player.drive({ dx: 0, dy: before.y < 500 ? 1 : -1 });
      await watcher.waitFor(() => Math.abs(watcher.state.players.get(player.sessionId)!.y - before.y) > 20, 3000, "moving after reconnect");
    });
  });

  describe("after the grace period", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ reconnectGraceS: 1 });
    });
    after(() => server.close());

    it("removes a player who does not come back", async () => {
      const player = await join(server.url, { kind: "create" }, { name: "Gone" });
      const watcher = await join(server.url, { kind: "id", roomId: player.roomId }, { name: "Watcher" });
      player.room.reconnection.enabled = false;
      player.dropConnection();
      await watcher.waitFor(() => watcher.state.players.get(player.sessionId)?.connected === false, 3000, "marked disconnected");
      await watcher.waitFor(() => !watcher.state.players.has(player.sessionId), 5000, "removed after the grace period");
      assert.equal(watcher.state.players.size, 1);
    });
  });
});
