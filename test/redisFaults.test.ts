/**
 * Redis faults on a cluster: a real redis-server killed for 30 s, frozen (SIGSTOP), and absent
 * when a process starts; real game processes and bots. Order matters: the processes live across
 * the cases. Figures are printed as [measured] lines (docs/reliability.md "Redis faults").
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { describeJoinError } from "../game-client/net/joinErrors.js";
import { Bot, ChatRefused } from "../bots/Bot.js";
import { HISTORY_KEY, RedisChatStore, StoreUnavailable } from "../server/platform/chat/chatStore.js";
import { STATS_KEY } from "../server/platform/scale/redisPresence.js";
import { GameProcess } from "./helpers/gameProcess.js";
import { RedisServer } from "../server/launch/redisServer.js";

/** A join or a global message must be answered (refused) within this during a fault, ms. */
const REFUSAL_BOUND_MS = 3000;
/** /health/ready must turn 503 within this after a fault starts, and 200 within this after it ends, ms. */
const READINESS_BOUND_MS = 5000;
/** The kill scenario keeps Redis away at least this long, ms. */
const OUTAGE_MS = 30_000;
const FREEZE_MS = 8000;

describe("Redis faults", function () {
  this.timeout(180_000);
  let redis: RedisServer;
  let a: GameProcess;
  let b: GameProcess;
  let inspect: Redis;
  const bots: Bot[] = [];
  const env = () => ({ REDIS_URL: redis.url, HEALTH_CHECK_SECONDS: "1", LOG_LEVEL: "info" });
  const join = async (...args: Parameters<typeof Bot.join>) => {
    const bot = await Bot.join(...args);
    bots.push(bot);
    return bot;
  };
  /** Direction flips every ~2 s, so a driven bot keeps moving for as long as the test runs. */
  const pace = () => ({ dx: Math.sin(Date.now() / 700) >= 0 ? 1 : -1, dy: 0 });

  before(async () => {
    redis = await RedisServer.start();
    [a, b] = await Promise.all([GameProcess.start(env()), GameProcess.start(env())]);
    inspect = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    inspect.on("error", () => undefined); // Redis is killed on purpose
  });
  after(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.leave().catch(() => undefined)));
    await Promise.all([a?.stop(), b?.stop()]);
    inspect?.disconnect();
    await redis?.stop();
  });
  afterEach(function () {
    for (const p of [a, b]) {
      assert.doesNotMatch(p.log, /unhandled_rejection|uncaught_exception/, `a failure nobody handled on ${p.publicAddress}:\n${p.log.slice(-3000)}`);
    }
  });

  it("Colyseus keeps its process stats in the hash handled as stats (a failed stats write is handled, not thrown)", async () => {
    for (const p of [a, b]) {
      const { processId } = (await (await fetch(`${p.httpUrl}/health`)).json()) as { processId: string };
      assert.equal(await inspect.hexists(STATS_KEY, processId), 1, `no "${STATS_KEY}" entry for ${processId}: Colyseus' Stats key changed`);
    }
  });

  it("the global chat script stores and publishes only before its deadline, on Redis' clock", async () => {
    const listener = inspect.duplicate();
    const heard: string[] = [];
    listener.on("message", (_channel: string, message: string) => heard.push(message));
    await listener.subscribe("orb:global-chat");
    try {
      const entry = (text: string) => ({ from: "s1", name: "Eve", text, at: Date.now() });
      const late = new RedisChatStore(inspect, -1);
      await assert.rejects(late.post(entry("too late")), StoreUnavailable);
      const inTime = new RedisChatStore(inspect, 500);
      const posted = await inTime.post(entry("in time"));
      const stored = Object.values(await inspect.hgetall(HISTORY_KEY)).map((raw) => JSON.parse(raw) as { id: number; text: string });
      assert.ok(stored.some((m) => m.id === posted.id && m.text === "in time"));
      assert.ok(!stored.some((m) => m.text === "too late"), "a refused message was stored");
      const sentinel = await inTime.post(entry("sentinel"));
      await eventually(async () => assert.ok(heard.some((raw) => (JSON.parse(raw) as { id: number }).id === sentinel.id)), 2000, "sentinel heard");
      assert.deepEqual(
        heard.map((raw) => JSON.parse(raw) as { text: string }).map((m) => m.text),
        ["in time", "sentinel"],
        "published once each, nothing refused",
      );
      assert.deepEqual(JSON.parse(heard[0]!), posted, "the published message is the one acknowledged");
    } finally {
      listener.disconnect();
    }
  });

  it("a 30 s outage (Redis killed): processes live, games tick, joins and global chat refused within 3 s, not ready; all back within seconds after", async () => {
    const onA = await join(a.url, { kind: "create" }, { name: "Ann", reconnectImmediately: true });
    const onB = await join(b.url, { kind: "create" }, { name: "Ben" });
    const solo = await join(b.url, { kind: "create" }, { name: "Solo" });
    onA.drive(pace);
    onB.drive(pace);
    const before = await onA.globalChat("before the outage");
    await onB.waitFor(() => onB.globalChats.some((m) => m.id === before.id), 3000, "message before the outage on B");

    await redis.kill();
    const downAt = performance.now();
    const notReadyMs = await untilReady([a, b], false, READINESS_BOUND_MS);
    console.log(`      [measured] Redis killed: /health/ready 503 on both processes after ${Math.round(notReadyMs)} ms`);

    // A dropped player gets back into its game (the reconnection is local to the room's process),
    // and a room emptied during the outage is disposed (its listing removal fails and is handled).
    onA.dropConnection();
    await onA.nextReconnect(5000);
    await solo.leave();

    const joinRefusals: number[] = [];
    const chatRefusals: number[] = [];
    const refusedTexts: string[] = [];
    for (let round = 0; performance.now() - downAt < OUTAGE_MS; round++) {
      for (const [bot, via, other] of [
        [onA, a, onB],
        [onB, b, onA],
      ] as const) {
        await assertMoving(bot, 2500);
        joinRefusals.push(await refusedWithin(() => join(via.url, { kind: "quick" }, { name: "Hopeful" }), /UNAVAILABLE/));
        joinRefusals.push(await refusedWithin(() => join(via.url, { kind: "id", roomId: other.roomId }, { name: "Across" }), /UNAVAILABLE/));
        const text = `during the outage ${round} ${via.publicAddress}`;
        chatRefusals.push(await refusedWithin(() => bot.globalChat(text), /UNAVAILABLE/));
        refusedTexts.push(text);
      }
      await assertNotReady([a, b]);
    }
    console.log(`      [measured] during a ${Math.round(performance.now() - downAt)} ms outage: ${summary(joinRefusals)} to refuse a join, ${summary(chatRefusals)} to refuse a global message`);

    await redis.boot();
    const readyMs = await untilReady([a, b], true, READINESS_BOUND_MS);
    console.log(`      [measured] Redis back (empty): /health/ready 200 on both processes after ${Math.round(readyMs)} ms`);

    // Listings restored: each process's room is joinable through the other (by id) and by quick play.
    const across = await eventually(() => join(a.url, { kind: "id", roomId: onB.roomId }, { name: "Across" }), 5000, "join by id across processes");
    await onB.waitFor(() => onB.state.players.has(across.sessionId), 3000, "joined B's room through A");
    const back = await eventually(() => join(b.url, { kind: "id", roomId: onA.roomId }, { name: "Back" }), 5000, "join by id across processes");
    await onA.waitFor(() => onA.state.players.has(back.sessionId), 3000, "joined A's room through B");
    const quick = await join(a.url, { kind: "quick" }, { name: "Quick" });
    assert.ok([onA.roomId, onB.roomId].includes(quick.roomId), "quick play fills an existing room");
    const listed = await inspect.hgetall("roomcaches");
    assert.ok(onA.roomId in listed && onB.roomId in listed, "both rooms listed in Redis again");
    assert.ok(!(solo.roomId in listed), "the room disposed during the outage is not listed");
    assert.match(a.log + b.log, /"what":"room listing removal"/, "the failed removal was reported");
    assert.doesNotMatch(a.log + b.log, /"reason":"room_cap"/, "an UNAVAILABLE refusal counted as the room cap");
    await assert.rejects(Bot.join(a.url, { kind: "id", roomId: solo.roomId }, { name: "Late" }), /not found|disposed/);

    // Global chat works again, each message delivered once; no refused message ever arrives
    // (pub/sub keeps order, so anything published earlier would have arrived before this one).
    const after = await onB.globalChat("after the outage");
    await onA.waitFor(() => onA.globalChats.some((m) => m.id === after.id && m.text === "after the outage"), 3000, "message after the outage on A");
    for (const bot of [onA, onB, across, back]) {
      await bot.waitFor(() => bot.globalChats.some((m) => m.text === "after the outage"), 3000, "message after the outage");
      assert.equal(bot.globalChats.filter((m) => m.text === "after the outage").length, 1, "delivered once");
      const leaked = bot.globalChats.filter((m) => refusedTexts.includes(m.text));
      assert.deepEqual(leaked, [], "a refused message was delivered");
    }
    assert.equal(onA.stats.drops, 1, "only the drop made on purpose");
    assert.equal(onA.stats.reconnects, 1);
    assert.equal(onB.stats.drops, 0, "player stayed connected");
    onA.stop();
    onB.stop();
  });

  it("a freeze (SIGSTOP): joins and global chat refused within 3 s, not ready, games tick; after it, ready, nothing refused delivered", async () => {
    const onA = await join(a.url, { kind: "create" }, { name: "Cat" });
    const onB = await join(b.url, { kind: "create" }, { name: "Dan" });
    onA.drive(pace);

    redis.pause();
    const frozenAt = performance.now();
    let resumed = false;
    try {
      const refusedTexts: string[] = [];
      // The first requests go out before any probe has noticed: they rely on the command and matchmaking timeouts.
      const firstJoin = await refusedWithin(() => join(a.url, { kind: "id", roomId: onB.roomId }, { name: "Early" }), /UNAVAILABLE/);
      const firstChat = await refusedWithin(() => onA.globalChat("frozen 0"), /UNAVAILABLE/);
      refusedTexts.push("frozen 0");
      await untilReady([a, b], false, READINESS_BOUND_MS);
      const notReadyMs = performance.now() - frozenAt;
      const joins = [firstJoin];
      const chats = [firstChat];
      for (let i = 1; performance.now() - frozenAt < FREEZE_MS; i++) {
        await assertMoving(onA, 1500);
        joins.push(await refusedWithin(() => join(b.url, { kind: "quick" }, { name: "Later" }), /UNAVAILABLE/));
        chats.push(await refusedWithin(() => onB.globalChat(`frozen ${i}`), /UNAVAILABLE/));
        refusedTexts.push(`frozen ${i}`);
      }
      console.log(
        `      [measured] Redis frozen: first join refused after ${Math.round(firstJoin)} ms, first global message after ${Math.round(firstChat)} ms; ` +
          `/health/ready 503 on both by ${Math.round(notReadyMs)} ms into the freeze; joins ${summary(joins)}, messages ${summary(chats)}`,
      );

      redis.resume();
      resumed = true;
      const readyMs = await untilReady([a, b], true, READINESS_BOUND_MS);
      console.log(`      [measured] Redis thawed after ${Math.round(performance.now() - frozenAt)} ms: /health/ready 200 on both after ${Math.round(readyMs)} ms`);

      const across = await eventually(() => join(a.url, { kind: "id", roomId: onB.roomId }, { name: "Thawed" }), 5000, "join by id across processes");
      await onB.waitFor(() => onB.state.players.has(across.sessionId), 3000, "joined B's room through A");
      const after = await onA.globalChat("after the freeze");
      for (const bot of [onA, onB, across]) {
        await bot.waitFor(() => bot.globalChats.some((m) => m.id === after.id), 3000, "message after the freeze");
        assert.equal(bot.globalChats.filter((m) => m.id === after.id).length, 1, "delivered once");
        assert.deepEqual(
          bot.globalChats.filter((m) => refusedTexts.includes(m.text)),
          [],
          "a refused message was delivered after the freeze",
        );
      }
      assert.equal(onA.stats.drops, 0, "player stayed connected");
    } finally {
      if (!resumed) redis.resume();
      onA.stop();
    }
  });

  it("a process started while Redis is down listens, is not ready, and joins the cluster when Redis starts", async () => {
    await redis.kill();
    const c = await GameProcess.start(env());
    try {
      const health = await fetch(`${c.httpUrl}/health/ready`);
      assert.equal(health.status, 503);
      assert.equal(((await health.json()) as { ready: boolean }).ready, false);
      await refusedWithin(() => join(c.url, { kind: "quick" }, { name: "TooSoon" }), /UNAVAILABLE/);
      const refusal = await Bot.join(c.url, { kind: "create" }, { name: "TooSoon" }).then(
        () => assert.fail("joined without Redis"),
        (err: unknown) => describeJoinError(err),
      );
      assert.equal(refusal.kind, "unavailable", refusal.message);

      await redis.boot();
      const readyMs = await untilReady([c, a, b], true, READINESS_BOUND_MS);
      console.log(`      [measured] a process started without Redis: ready ${Math.round(readyMs)} ms after Redis started`);
      const host = await eventually(() => join(c.url, { kind: "create" }, { name: "Late" }), 5000, "create on the late process");
      const guest = await eventually(() => join(a.url, { kind: "id", roomId: host.roomId }, { name: "Guest" }), 5000, "join the late process's room through A");
      await host.waitFor(() => host.state.players.has(guest.sessionId), 3000, "guest in the late process's room");
      const said = await host.globalChat("from the late process");
      await guest.waitFor(() => guest.globalChats.some((m) => m.id === said.id), 3000, "late process's message on A");
      assert.doesNotMatch(c.log, /unhandled_rejection|uncaught_exception/, c.log.slice(-3000));
    } finally {
      await c.stop();
    }
  });

  /** Resolves with the time until every process's /health/ready is 200 (ready) or 503 (not); rejects after `boundMs`. */
  async function untilReady(processes: GameProcess[], ready: boolean, boundMs: number): Promise<number> {
    const start = performance.now();
    for (;;) {
      const statuses = await Promise.all(processes.map((p) => readiness(p)));
      if (statuses.every((s) => s === (ready ? 200 : 503))) return performance.now() - start;
      if (performance.now() - start > boundMs) throw new Error(`/health/ready not ${ready ? 200 : 503} within ${boundMs} ms: ${statuses.join(", ")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function assertNotReady(processes: GameProcess[]): Promise<void> {
    for (const p of processes) assert.equal(await readiness(p), 503, `${p.publicAddress} ready during the fault`);
    for (const p of processes) assert.equal(await Promise.race([p.exited.then(() => "exited"), Promise.resolve("alive")]), "alive");
  }

  /**
   * The bot's player keeps moving (the game ticks and applies its inputs): state patches keep
   * arriving for `forMs` and the player has moved meanwhile. Also paces the fault loops (the
   * senders stay under the chat rate limit).
   */
  async function assertMoving(bot: Bot, forMs: number): Promise<void> {
    const x0 = bot.me!.x;
    const since = performance.now();
    await bot.waitFor(() => performance.now() - since >= forMs && Math.abs(bot.me!.x - x0) > 50, forMs + 3000, "player moving");
  }
});

async function readiness(p: GameProcess): Promise<number> {
  const res = await fetch(`${p.httpUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.status;
}

/** Resolves with how long `attempt` took to be refused (matching `reason`); fails if it succeeds or takes longer than the bound. */
async function refusedWithin(attempt: () => Promise<unknown>, reason: RegExp): Promise<number> {
  const start = performance.now();
  const outcome = await Promise.race([
    attempt().then(
      (value) => ({ ok: true as const, value }),
      (err: unknown) => ({ ok: false as const, err }),
    ),
    new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), REFUSAL_BOUND_MS + 2000)),
  ]);
  const ms = performance.now() - start;
  assert.notEqual(outcome, "timeout", `no answer within ${REFUSAL_BOUND_MS + 2000} ms`);
  if (outcome === "timeout") return ms;
  assert.equal(outcome.ok, false, "accepted during the fault");
  if (!outcome.ok) {
    const err = outcome.err as { message?: string; error?: { code?: string } };
    const text = outcome.err instanceof ChatRefused ? outcome.err.error.code : String(err?.message ?? err);
    assert.match(text, reason);
  }
  assert.ok(ms <= REFUSAL_BOUND_MS, `refused after ${Math.round(ms)} ms (bound ${REFUSAL_BOUND_MS} ms)`);
  return ms;
}

/** Retries `attempt` until it succeeds; rejects with the last error after `boundMs`. */
async function eventually<T>(attempt: () => Promise<T>, boundMs: number, label: string): Promise<T> {
  const start = performance.now();
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (performance.now() - start > boundMs) throw new Error(`${label}: still failing after ${boundMs} ms: ${String(err)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function summary(ms: number[]): string {
  const sorted = [...ms].sort((x, y) => x - y);
  return `${Math.round(sorted[0]!)}–${Math.round(sorted.at(-1)!)} ms (median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)}, n=${sorted.length})`;
}
