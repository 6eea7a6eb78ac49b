/**
 * Redis through Sentinel: a real master, replica and three sentinels (server/launch/redisSentinel.ts), two real
 * game processes with REDIS_SENTINELS, real bots. The master is killed mid-game; the figures (kill → promotion,
 * promotion → first successful join) are printed as [measured] lines (docs/scaling.md "Redis Sentinel").
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { Bot } from "../bots/Bot.js";
import { loadConfig } from "../server/config.js";
import { ARENA_WIDTH_UNITS } from "../shared/sim/constants.js";
import { RedisSentinelSet } from "../server/launch/redisSentinel.js";
import { GameProcess } from "./helpers/gameProcess.js";

/** Joins must work again within this after the sentinels announce the new master, ms. */
const JOINS_BACK_BOUND_MS = 5000;

describe("Redis Sentinel failover", function () {
  this.timeout(120_000);
  let set: RedisSentinelSet;
  let a: GameProcess;
  let b: GameProcess;
  const bots: Bot[] = [];
  const join = async (...args: Parameters<typeof Bot.join>) => {
    const bot = await Bot.join(...args);
    bots.push(bot);
    return bot;
  };
  /** Walks left and right, turning 200 units before each wall, so x changes on every tick the game runs. */
  const pace = (bot: Bot) => {
    let dx = 1;
    return () => {
      const x = bot.me?.x ?? ARENA_WIDTH_UNITS / 2;
      if (x > ARENA_WIDTH_UNITS - 200) dx = -1;
      else if (x < 200) dx = 1;
      return { dx, dy: 0 };
    };
  };

  before(async () => {
    set = await RedisSentinelSet.start();
    [a, b] = await Promise.all([GameProcess.start({ ...set.env, HEALTH_CHECK_SECONDS: "1", ROUND_SECONDS: "600" }), GameProcess.start({ ...set.env, HEALTH_CHECK_SECONDS: "1", ROUND_SECONDS: "600" })]);
  });
  after(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.leave().catch(() => undefined)));
    await Promise.all([a?.stop(), b?.stop()]);
    await set?.stop();
  });

  it("the processes find the master through the sentinels: cross-process joins and global chat", async () => {
    for (const p of [a, b]) assert.equal(await readiness(p), 200);
    assert.match(a.log, /"redis":"sentinel"/, "the process says it uses Sentinel");
    const host = await join(a.url, { kind: "create" }, { name: "Host" });
    const guest = await join(b.url, { kind: "id", roomId: host.roomId }, { name: "Guest" });
    await host.waitFor(() => host.state.players.has(guest.sessionId), 3000, "guest in A's room through B");
    const said = await guest.globalChat("through sentinel");
    await host.waitFor(() => host.globalChats.some((m) => m.id === said.id), 3000, "global message across processes");
    await Promise.all([host.leave(), guest.leave()]);
  });

  it("the master dies: games keep ticking, joins work again within seconds of the promotion, chat history survives, no process exits", async () => {
    const onA = await join(a.url, { kind: "create" }, { name: "Ann" });
    const onB = await join(b.url, { kind: "create" }, { name: "Ben" });
    onA.drive(pace(onA));
    onB.drive(pace(onB));
    const before = await onA.globalChat("before the failover");
    // Replication is asynchronous: the test waits until the replica has the message (docs/scaling.md says what an unlucky kill loses).
    const master = new Redis({ host: "127.0.0.1", port: set.master.port, maxRetriesPerRequest: 1 });
    master.on("error", () => undefined);
    assert.equal(await master.call("WAIT", "1", "2000"), 1, "the replica acknowledged the writes");
    master.disconnect();
    const tracks = [track(onA), track(onB)];

    await set.killMaster();
    const killedAt = performance.now();
    const promoted = await set.switched(30_000);
    assert.equal(promoted.address, `127.0.0.1:${set.replica.port}`, "the replica was promoted");
    const promotionMs = promoted.at - killedAt;

    // First successful join after the promotion: by code across processes (B's room through A).
    const across = await eventually(() => join(a.url, { kind: "id", roomId: onB.roomId }, { name: "Across" }), JOINS_BACK_BOUND_MS, "join by code across processes after the failover");
    const firstJoinMs = performance.now() - promoted.at;
    await onB.waitFor(() => onB.state.players.has(across.sessionId), 3000, "joined B's room through A");
    const quick = await eventually(() => join(b.url, { kind: "quick" }, { name: "Quick" }), JOINS_BACK_BOUND_MS, "quick play after the failover");
    assert.ok([onA.roomId, onB.roomId].includes(quick.roomId), "quick play fills an existing room");
    const created = await eventually(() => join(b.url, { kind: "create" }, { name: "New" }), JOINS_BACK_BOUND_MS, "create after the failover");
    const guest = await eventually(() => join(a.url, { kind: "id", roomId: created.roomId }, { name: "NewGuest" }), JOINS_BACK_BOUND_MS, "join a room created after the failover");
    await created.waitFor(() => created.state.players.has(guest.sessionId), 3000, "guest in the new room");

    // Global chat: the history written before the failover is on the new master; a new message crosses processes.
    await across.waitFor(() => across.globalHistory.some((m) => m.id === before.id), 3000, "global history after the failover");
    const after = await eventually(() => onB.globalChat("after the failover"), JOINS_BACK_BOUND_MS, "global chat after the failover");
    await onA.waitFor(() => onA.globalChats.some((m) => m.id === after.id), 3000, "message after the failover on A");
    assert.ok(after.id > before.id, "message ids keep growing on the new master");

    for (const p of [a, b]) {
      assert.equal(await Promise.race([p.exited.then(() => "exited"), Promise.resolve("alive")]), "alive");
      assert.equal(await readiness(p), 200, `${p.publicAddress} ready after the failover`);
      assert.doesNotMatch(p.log, /unhandled_rejection|uncaught_exception/, p.log.slice(-3000));
    }
    const gaps = tracks.map((t) => t.stop());
    assert.equal(onA.stats.drops + onB.stats.drops, 0, "players stayed connected");
    for (const gap of gaps) assert.ok(gap.maxGapMs < 500, `state patches stopped for ${Math.round(gap.maxGapMs)} ms during the failover`);
    for (const [bot, gap] of [[onA, gaps[0]!], [onB, gaps[1]!]] as const) assert.ok(gap.distance > 200, `${bot.me!.name} moved only ${Math.round(gap.distance)} units`);
    console.log(
      `      [measured] Sentinel failover: master killed → +switch-master ${Math.round(promotionMs)} ms (down-after 1000 ms); ` +
        `promotion → first successful join by code across processes ${Math.round(firstJoinMs)} ms; ` +
        `longest pause in state patches during it ${Math.round(Math.max(...gaps.map((g) => g.maxGapMs)))} ms, players moved ${gaps.map((g) => Math.round(g.distance)).join(" / ")} units`,
    );
    onA.stop();
    onB.stop();
  });
});

/** Samples a bot's own player every 20 ms: the longest time x stayed the same while driven, and the distance walked. */
function track(bot: Bot): { stop(): { maxGapMs: number; distance: number } } {
  let lastX = bot.me!.x;
  let lastChange = performance.now();
  let maxGapMs = 0;
  let distance = 0;
  const timer = setInterval(() => {
    const x = bot.me!.x;
    const now = performance.now();
    if (x !== lastX) {
      distance += Math.abs(x - lastX);
      maxGapMs = Math.max(maxGapMs, now - lastChange);
      lastX = x;
      lastChange = now;
    }
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return { maxGapMs: Math.max(maxGapMs, performance.now() - lastChange), distance };
    },
  };
}

async function readiness(p: GameProcess): Promise<number> {
  const res = await fetch(`${p.httpUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.status;
}

/** Retries `attempt` until it succeeds; rejects with the last error after `boundMs`. */
async function eventually<T>(attempt: () => Promise<T>, boundMs: number, label: string): Promise<T> {
  const start = performance.now();
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (performance.now() - start > boundMs) throw new Error(`${label}: still failing after ${boundMs} ms: ${String(err)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("Redis Sentinel config", () => {
  it("REDIS_SENTINELS and REDIS_SENTINEL_NAME: parsed together, refused alone, with REDIS_URL or malformed", () => {
    const config = loadConfig({ REDIS_SENTINELS: "10.0.0.1:26379, redis-sentinel-1.redis:26379,[::1]:26380", REDIS_SENTINEL_NAME: "orb" });
    assert.deepEqual(config.redisSentinel, {
      name: "orb",
      sentinels: [
        { host: "10.0.0.1", port: 26379 },
        { host: "redis-sentinel-1.redis", port: 26379 },
        { host: "::1", port: 26380 },
      ],
    });
    assert.equal(config.redisUrl, undefined);
    assert.equal(loadConfig({}).redisSentinel, undefined);
    assert.throws(() => loadConfig({ REDIS_SENTINELS: "a:1" }), /REDIS_SENTINELS needs REDIS_SENTINEL_NAME/);
    assert.throws(() => loadConfig({ REDIS_SENTINEL_NAME: "orb" }), /REDIS_SENTINEL_NAME needs REDIS_SENTINELS/);
    assert.throws(() => loadConfig({ REDIS_SENTINELS: "a:1", REDIS_SENTINEL_NAME: "orb", REDIS_URL: "redis://a:1" }), /either REDIS_URL or REDIS_SENTINELS/);
    assert.throws(() => loadConfig({ REDIS_SENTINELS: "a", REDIS_SENTINEL_NAME: "orb" }), /entries must be host:port \(got "a"\)/);
    assert.throws(() => loadConfig({ REDIS_SENTINELS: "a:70000", REDIS_SENTINEL_NAME: "orb" }), /entries must be host:port/);
    assert.throws(() => loadConfig({ REDIS_SENTINELS: "a:1", REDIS_SENTINEL_NAME: "o rb" }), /REDIS_SENTINEL_NAME must be/);
  });
});
