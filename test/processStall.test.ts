/**
 * No false deaths: a game process frozen (SIGSTOP) for longer than the health-check interval, while another process
 * tries to reach it and so takes it for dead and removes its rooms (colyseus#968). When it runs again (SIGCONT)
 * its rooms are listed again at once and its players notice nothing but the pause. Real processes, Redis and bots.
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { Bot } from "../bots/Bot.js";
import { RedisServer } from "../server/launch/redisServer.js";
import { GameProcess } from "./helpers/gameProcess.js";

/** The listing must be back within this after SIGCONT, ms (Colyseus' own swept check alone takes up to 5 s). */
const RESTORE_BOUND_MS = 1500;

describe("a stalled process keeps its rooms", function () {
  this.timeout(90_000);
  let redis: RedisServer;
  let a: GameProcess;
  let b: GameProcess;
  let inspect: Redis;
  const bots: Bot[] = [];

  before(async () => {
    redis = await RedisServer.start();
    const env = { REDIS_URL: redis.url, HEALTH_CHECK_SECONDS: "1", ROUND_SECONDS: "600" };
    [a, b] = await Promise.all([GameProcess.start(env), GameProcess.start(env)]);
    inspect = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  });
  after(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.leave().catch(() => undefined)));
    for (const p of [a, b]) if (p?.running) p.kill("SIGCONT");
    await Promise.all([a?.stop(), b?.stop()]);
    inspect?.disconnect();
    await redis?.stop();
  });

  it("SIGSTOP longer than the health check, its rooms removed by another process: listed again at once after SIGCONT, players stay", async () => {
    const player = await Bot.join(b.url, { kind: "create" }, { name: "Frozen" });
    bots.push(player);
    const roomId = player.roomId;
    // Colyseus creates a room on the least busy process: freeze the one that hosts it, knock through the other.
    const hostId = (JSON.parse((await inspect.hget("roomcaches", roomId))!) as { processId: string }).processId;
    const [host, other] = (await processIdOf(a)) === hostId ? [a, b] : [b, a];
    assert.equal(await processIdOf(host), hostId);
    const pace = () => ({ dx: Math.sin(Date.now() / 700) >= 0 ? 1 : -1, dy: 0 });
    await player.waitFor(() => player.me !== undefined, 3000, "own player");
    // The player keeps sending inputs through the stall: they arrive together when it ends, which is not a flood.
    player.drive(pace);
    assert.ok(await inspect.hexists("roomcaches", roomId), "listed before the stall");

    host.kill("SIGSTOP");
    let resumed = false;
    try {
      // A join through A reaches the frozen process, gets no reply, and A's health check removes its rooms.
      await assert.rejects(Bot.join(other.url, { kind: "id", roomId }, { name: "Knocker" }));
      const removedBy = performance.now() + 8000;
      while (await inspect.hexists("roomcaches", roomId)) {
        assert.ok(performance.now() < removedBy, "the frozen process's room was never removed: the scenario did not happen");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      host.kill("SIGCONT");
      resumed = true;
    } finally {
      if (!resumed) host.kill("SIGCONT");
    }
    const resumedAt = performance.now();
    while (!(await inspect.hexists("roomcaches", roomId))) {
      assert.ok(performance.now() - resumedAt < RESTORE_BOUND_MS, `listing not restored within ${RESTORE_BOUND_MS} ms of SIGCONT`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const restoredMs = performance.now() - resumedAt;
    const joinStart = performance.now();
    const guest = await Bot.join(other.url, { kind: "id", roomId }, { name: "After" });
    bots.push(guest);
    const joinedMs = performance.now() - resumedAt;
    // The player's own view catches up after the pause (its inputs and the room's patches queued during it).
    await player.waitFor(() => player.state.players.has(guest.sessionId), 6000, "guest seen by the player in the resumed room").catch((err) => {
      throw new Error(`${String(err)}; drops ${player.stats.drops}; host log:\n${host.log.slice(-2500)}`);
    });
    const seenMs = performance.now() - resumedAt;
    const x0 = player.me!.x;
    await player.waitFor(() => Math.abs(player.me!.x - x0) > 50, 3000, "the resumed game ticks");
    assert.equal(player.stats.drops, 0, "the player stayed connected through the stall");
    assert.equal(player.left, undefined, "the player was not closed out");
    assert.doesNotMatch(host.log, /"event":"leave"[^\n]*"code":4002/, "the inputs queued during the stall were taken for a flood (4002)");
    assert.match(host.log, /"event":"process_stalled"/);
    assert.doesNotMatch(b.log + a.log, /unhandled_rejection|uncaught_exception/);
    console.log(
      `      [measured] stall: listing restored ${Math.round(restoredMs)} ms after SIGCONT; first join by code through the other process succeeded ${Math.round(joinedMs)} ms after it (the join took ${Math.round(joinedMs - (joinStart - resumedAt))} ms); the player in the room saw the newcomer ${Math.round(seenMs)} ms after it and never disconnected`,
    );
  });
});

async function processIdOf(p: GameProcess): Promise<string> {
  return ((await (await fetch(`${p.httpUrl}/health`)).json()) as { processId: string }).processId;
}
