/**
 * King of the Hill gets the platform's scaling with nothing of its own: the process room cap counts its
 * rooms with the arena's, and on Redis its rooms are listed, joined by code and chat across processes.
 */
import assert from "node:assert/strict";
import { Bot } from "../bots/Bot.js";
import { HillBot } from "../bots/HillBot.js";
import { JOIN_ERROR, ROOM } from "../shared/protocol.js";
import { RedisServer } from "../server/launch/redisServer.js";
import { GameProcess } from "./helpers/gameProcess.js";
import { LobbyWatcher } from "./helpers/lobby.js";
import { startTestServer } from "./helpers/server.js";

describe("King of the Hill on the platform's scaling", function () {
  this.timeout(60_000);
  const leavers: Array<{ leave(): Promise<unknown> }> = [];
  afterEach(async () => {
    await Promise.all(leavers.splice(0).map((b) => b.leave().catch(() => undefined)));
  });

  it("hill rooms count against MAX_ROOMS_PER_PROCESS with the arena's (503 ROOM_LIMIT_REACHED at the cap)", async () => {
    const server = await startTestServer({}, { MAX_ROOMS_PER_PROCESS: "2" });
    try {
      leavers.push(await Bot.join(server.url, { kind: "create" }, { name: "Arena" }));
      leavers.push(await HillBot.join(server.url, { kind: "create" }, { name: "Hill" }));
      await assert.rejects(HillBot.join(server.url, { kind: "create" }, { name: "Third" }), (err: { code?: number; message?: string }) => {
        return err.code === JOIN_ERROR.ROOM_LIMIT_REACHED && /^ROOM_LIMIT_REACHED/.test(err.message ?? "");
      });
    } finally {
      await Promise.all(leavers.splice(0).map((b) => b.leave().catch(() => undefined)));
      await server.close();
    }
  });

  describe("two processes on one Redis", function () {
    let redis: RedisServer;
    let a: GameProcess;
    let b: GameProcess;

    before(async () => {
      redis = await RedisServer.start();
      const env = { REDIS_URL: redis.url, HEALTH_CHECK_SECONDS: "1" };
      [a, b] = await Promise.all([GameProcess.start(env), GameProcess.start(env)]);
    });
    after(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await redis?.stop();
    });

    it("a hill room on one process is listed and joined by code through the other; emotes and global chat cross", async () => {
      const lobbyOnA = await LobbyWatcher.join(a.url, "Watcher", ROOM.HILL);
      leavers.push(lobbyOnA);
      // Rooms are spread over the processes: create through A until one lives on B.
      let host: HillBot | undefined;
      for (let i = 0; i < 12 && !host; i++) {
        const candidate = await HillBot.join(a.url, { kind: "create" }, { name: `Host ${i}` });
        leavers.push(candidate);
        await lobbyOnA.until(() => lobbyOnA.rooms.has(candidate.roomId), 5000, `hill room ${candidate.roomId} listed`);
        if (lobbyOnA.rooms.get(candidate.roomId)!.publicAddress === b.publicAddress) host = candidate;
      }
      assert.ok(host, "a hill room landed on process B");

      const guest = await HillBot.join(a.url, { kind: "id", roomId: host.roomId }, { name: "Guest" });
      leavers.push(guest);
      await host.waitFor(() => host.state.players.has(guest.sessionId), 3000, "the guest in the host's room on B");
      await guest.emote("wave");
      await host.waitFor(() => host.emotes.some((e) => e.from === guest.sessionId), 3000, "the guest's emote");

      const arenaOnA = await Bot.join(a.url, { kind: "create" }, { name: "Arena" });
      leavers.push(arenaOnA);
      const ack = await host.bot.globalChat("the hill is on B");
      await arenaOnA.waitFor(() => arenaOnA.globalChats.some((m) => m.id === ack.id && m.name === host!.me!.name), 5000, "global chat from B's hill room in A's arena room");
    });
  });
});
