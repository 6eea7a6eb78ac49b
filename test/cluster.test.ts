/**
 * Many processes on one Redis: real redis-server, real game server child processes, real bots.
 * Order matters: the processes live across the cases, and the last cases kill and restart things.
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { Bot } from "../bots/Bot.js";
import { ARENA_WIDTH_UNITS } from "../shared/sim/constants.js";
import { GameProcess } from "./helpers/gameProcess.js";
import { LobbyWatcher } from "./helpers/lobby.js";
import { RedisServer } from "../server/launch/redisServer.js";

/** Bound (ms) within which a killed process's rooms must leave the listing: health check 1 s + IPC timeout. */
const DEAD_PROCESS_BOUND_MS = 8000;

describe("many processes on one Redis", function () {
  this.timeout(120_000);
  let redis: RedisServer;
  let a: GameProcess;
  let b: GameProcess;
  let inspect: Redis;
  const bots: Bot[] = [];
  const join = async (...args: Parameters<typeof Bot.join>) => {
    const bot = await Bot.join(...args);
    bots.push(bot);
    return bot;
  };
  const env = () => ({ REDIS_URL: redis.url, HEALTH_CHECK_SECONDS: "1", LOG_LEVEL: "info" });
  const owner = (p: GameProcess) => p.publicAddress;

  /** Creates rooms through `via` until one is owned by `target`; returns its creator bot. */
  async function roomOn(target: GameProcess, via: GameProcess, lobby: LobbyWatcher): Promise<Bot> {
    for (let i = 0; i < 12; i++) {
      const bot = await join(via.url, { kind: "create" }, { name: `host${i}` });
      await lobby.until(() => lobby.rooms.has(bot.roomId), 5000, `room ${bot.roomId} listed`);
      if (lobby.rooms.get(bot.roomId)!.publicAddress === owner(target)) return bot;
    }
    throw new Error(`no room landed on ${owner(target)} after 12 creations`);
  }

  before(async () => {
    redis = await RedisServer.start();
    [a, b] = await Promise.all([GameProcess.start(env()), GameProcess.start(env())]);
    inspect = new Redis(redis.url);
    inspect.on("error", () => undefined); // the last case restarts Redis on purpose
  });
  after(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.leave().catch(() => undefined)));
    await Promise.all([a?.stop(), b?.stop()]);
    inspect?.disconnect();
    await redis?.stop();
  });

  it("lists rooms of every process on any process, and joins across processes by code and by quick play", async () => {
    const lobbyOnA = await LobbyWatcher.join(a.url);
    try {
      const hostOnB = await roomOn(b, a, lobbyOnA);
      const hostOnA = await roomOn(a, b, lobbyOnA);
      assert.equal(lobbyOnA.rooms.get(hostOnB.roomId)!.publicAddress, owner(b));
      assert.equal(lobbyOnA.rooms.get(hostOnA.roomId)!.publicAddress, owner(a));

      // Join by code through the process that does not own the room (the seat points at the owner).
      const guestViaA = await join(a.url, { kind: "id", roomId: hostOnB.roomId }, { name: "GuestA" });
      await hostOnB.waitFor(() => hostOnB.state.players.has(guestViaA.sessionId), 3000, "guest seen by host on B");

      // A private room created through B is joinable by its code through A, and is not listed.
      const privateHost = await join(b.url, { kind: "create" }, { name: "Secret", private: true });
      const friend = await join(a.url, { kind: "id", roomId: privateHost.roomId }, { name: "Friend" });
      await privateHost.waitFor(() => privateHost.state.players.has(friend.sessionId), 3000, "friend in private room");
      assert.equal(lobbyOnA.rooms.has(privateHost.roomId), false);

      // Quick play through either process fills the fullest public room (the one on B, 2 players).
      const quick = await join(a.url, { kind: "quick" }, { name: "Quick" });
      assert.equal(quick.roomId, hostOnB.roomId);
    } finally {
      await lobbyOnA.leave();
    }
  });

  it("carries global chat across processes with one acknowledgement, to rooms and the lobby", async () => {
    const lobbyOnB = await LobbyWatcher.join(b.url, "Lurker");
    try {
      const onA = await join(a.url, { kind: "create" }, { name: "Alice" });
      const onB = await join(b.url, { kind: "create" }, { name: "Bob" });
      const ack = await onA.globalChat("hello every process");
      assert.equal(typeof ack.id, "number");
      await onB.waitFor(() => onB.globalChats.some((m) => m.id === ack.id), 3000, "global message on B");
      await lobbyOnB.until(() => lobbyOnB.globalChats.some((m) => m.id === ack.id), 3000, "global message in the lobby");
      const seen = onB.globalChats.find((m) => m.id === ack.id)!;
      assert.deepEqual(seen, { id: ack.id, from: onA.sessionId, name: "Alice", text: "hello every process", at: ack.at });
      await onA.waitFor(() => onA.globalChats.filter((m) => m.id === ack.id).length === 1, 3000, "sender sees it once");
      // Refusals follow the same rules as room chat.
      await assert.rejects(onB.globalChat("   "), /EMPTY_MESSAGE/);
    } finally {
      await lobbyOnB.leave();
    }
  });

  it("forgets a killed process's rooms within the bound; other players never notice; history survives", async () => {
    const lobbyOnA = await LobbyWatcher.join(a.url);
    const victimHost = await roomOn(b, a, lobbyOnA);
    const survivorHost = await roomOn(a, b, lobbyOnA);
    const posted = await victimHost.globalChat("said on the process that dies");
    const x0 = survivorHost.me!.x;
    survivorHost.drive({ dx: x0 < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 });

    const killedAt = performance.now();
    b.kill("SIGKILL");
    await b.exited;
    await lobbyOnA.until(
      () => ![...lobbyOnA.rooms.values()].some((r) => r.publicAddress === owner(b)),
      DEAD_PROCESS_BOUND_MS + 2000,
      "B's rooms gone from the listing",
    );
    const goneAfterMs = performance.now() - killedAt;
    console.log(`      [measured] a SIGKILLed process's rooms left the listing after ${Math.round(goneAfterMs)} ms`);
    assert.ok(goneAfterMs <= DEAD_PROCESS_BOUND_MS, `took ${goneAfterMs} ms`);

    // The player on A kept playing: no drop, still moving.
    await survivorHost.waitFor(() => Math.abs(survivorHost.me!.x - x0) > 100, 5000, "still moving on A");
    assert.equal(survivorHost.stats.drops, 0);
    survivorHost.stop();

    // New joins keep working on the survivor, and see global history posted on the dead process.
    const newcomer = await join(a.url, { kind: "quick" }, { name: "After" });
    await newcomer.waitFor(() => newcomer.globalHistory.some((m) => m.id === posted.id), 3000, "history posted on the dead process");
    const fresh = await join(a.url, { kind: "create" }, { name: "Fresh" });
    assert.equal(lobbyOnA.rooms.get(fresh.roomId)?.publicAddress ?? owner(a), owner(a));
    await lobbyOnA.leave();
  });

  it("a process started later has the stored global history; a SIGTERMed process stops cleanly and leaves nothing of itself in Redis", async () => {
    const earlier = await join(a.url, { kind: "create" }, { name: "Earlier" });
    const posted = await earlier.globalChat("said before the next process started");
    await earlier.leave();
    const c = await GameProcess.start(env());
    const health = (await (await fetch(`${c.httpUrl}/health`)).json()) as { processId: string; redis: string };
    assert.equal(health.redis, "ready");
    const player = await join(c.url, { kind: "create" }, { name: "Leaving" });
    await player.waitFor(() => player.globalHistory.some((m) => m.id === posted.id), 3000, "stored history on a new process");
    const left = new Promise<number>((resolve) => player.room.onLeave((code) => resolve(code)));
    c.kill("SIGTERM");
    const exit = await c.exited;
    assert.equal(exit.code, 0, c.log.slice(-2000));
    assert.ok((await left) >= 4000, "client told the server is going away");
    const caches = await inspect.hgetall("roomcaches");
    assert.ok(!Object.values(caches).some((v) => v.includes(health.processId)), "no room listing of the stopped process");
    assert.equal(await inspect.hexists("roomcount", health.processId), 0, "no stats entry of the stopped process");
    const keys = await inspect.keys(`*${health.processId}*`);
    assert.deepEqual(keys, [], `keys left: ${keys.join(", ")}`);
  });

  it("keeps games running through a Redis restart; joins, also across processes, recover when it is back", async () => {
    const player = await join(a.url, { kind: "create" }, { name: "Steady" });
    const roomId = player.roomId;
    const x0 = player.me!.x;
    player.drive({ dx: x0 < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 });

    await redis.stop();
    const downAt = performance.now();
    await player.waitFor(() => Math.abs(player.me!.x - x0) > 120, 5000, "moving while Redis is down");
    assert.equal(player.stats.drops, 0);

    await redis.boot();
    const upAt = performance.now();
    let joined: Bot | undefined;
    let attempts = 0;
    while (!joined && performance.now() - upAt < 20_000) {
      attempts++;
      joined = await join(a.url, { kind: "id", roomId }, { name: "Returning" }).catch(() => undefined);
    }
    assert.ok(joined, `no join within 20 s after Redis came back (${attempts} attempts)`);
    const recoveredMs = performance.now() - upAt;
    console.log(`      [measured] Redis down ${Math.round(upAt - downAt)} ms; first join into an existing room ${Math.round(recoveredMs)} ms after it was back (${attempts} attempt(s))`);
    await player.waitFor(() => player.state.players.has(joined!.sessionId), 3000, "joined the same game");
    player.stop();
    const health = (await (await fetch(`${a.httpUrl}/health`)).json()) as { redis: string; ready: boolean };
    assert.equal(health.redis, "ready");
    assert.equal(health.ready, true);

    // A's requests to other processes still get their answers (its subscriptions came back with Redis).
    const d = await GameProcess.start(env());
    try {
      const lobby = await LobbyWatcher.join(a.url);
      const onD = await roomOn(d, a, lobby);
      const across = await join(a.url, { kind: "id", roomId: onD.roomId }, { name: "Across" });
      await onD.waitFor(() => onD.state.players.has(across.sessionId), 3000, "joined a room on another process through A");
      await lobby.leave();
    } finally {
      await d.stop();
    }
  });
});
