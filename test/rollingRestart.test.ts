/**
 * Deploys that do not end games, the client half (issue 17): a rolling restart of two real game processes on a
 * real redis-server under bots playing quick play. Each process in turn gets SIGTERM (DRAIN_SECONDS=2), drains,
 * closes its rooms with 4001 and exits; it is started again on the same port and must be ready before the other
 * one goes. The bots rejoin on their own (game-client/net/rejoin.ts through bots/Bot.ts), and for each bot the
 * longest time without a game is measured: from its room's close to its own player in the state of the next room.
 * Also the shared rejoin logic on its own: by code first, quick play when the code's room is gone, bounded retries.
 */
import assert from "node:assert/strict";
import { Bot, type BotRejoin } from "../bots/Bot.js";
import { RejoinFailed, REJOIN_POLICY, rejoinAfterRestart, rejoinDelayMs, rejoinEndpoints, type RejoinPolicy } from "../game-client/net/rejoin.js";
import { JOIN_ERROR } from "../shared/protocol.js";
import { ErrorCode } from "@colyseus/sdk";
import { ServerProcess } from "../server/launch/gameServer.js";
import { RedisServer } from "../server/launch/redisServer.js";
import { TEST_LIMITS_ENV } from "./helpers/limits.js";
import { until } from "./helpers/until.js";

/** Bots in the run. */
const BOTS = 12;
/** Longest time a bot may be without a game, ms: measured around 1 s here; headroom for a loaded 2-core machine. */
const MAX_GAP_BOUND_MS = 8000;

async function ready(p: ServerProcess): Promise<boolean> {
  try {
    const res = await fetch(`${p.httpUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Polls `check` every 50 ms until it holds; throws after `boundMs`. */

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

describe("rolling restart under bots (DRAIN_SECONDS, clients rejoin on 4001)", function () {
  this.timeout(180_000);
  let redis: RedisServer | undefined;
  const procs: Array<ServerProcess | undefined> = [undefined, undefined];
  const ports: number[] = [];
  const bots: Bot[] = [];

  const start = (port?: number) =>
    ServerProcess.start({
      port,
      env: { HOST: "127.0.0.1", CLIENT_DIR: "", LOG_LEVEL: "info", ...TEST_LIMITS_ENV, REDIS_URL: redis!.url, HEALTH_CHECK_SECONDS: "1", DRAIN_SECONDS: "2" },
      readyTimeoutMs: 20_000,
    });

  after(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.leave().catch(() => undefined)));
    await Promise.all(procs.map((p) => p?.stop()));
    await redis?.stop();
  });

  it("every bot is moved to a room on the other process by itself, and none is without a game for long", async () => {
    redis = await RedisServer.start();
    const [a, b] = await Promise.all([start(), start()]);
    procs[0] = a;
    procs[1] = b;
    ports.push(a.port, b.port);
    await until(async () => (await ready(a)) && (await ready(b)), 10_000, "both processes ready");
    const endpoints = procs.map((p) => p!.url);

    const failures: string[] = [];
    for (let i = 0; i < BOTS; i++) {
      const via = endpoints[i % 2]!;
      const bot = await Bot.join(via, { kind: "quick" }, { name: `roller${i + 1}`, rejoinOnRestart: true, endpoints });
      bot.onRejoinFailed((err) => failures.push(`roller${i + 1}: ${err.message}`));
      bot.drive("random");
      bots.push(bot);
    }

    // Rolling restart: A, B, A, B. Each goes down (drain, 4001, exit 0), comes back on its port, is ready; then the next.
    const restarts: Array<{ which: string; moved: number; exitMs: number }> = [];
    for (const which of [0, 1, 0, 1]) {
      const p = procs[which]!;
      const before = bots.map((bot) => bot.rejoins.length);
      const sentAt = performance.now();
      p.kill("SIGTERM");
      const exit = await Promise.race([
        p.exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("process did not exit within 15 s of SIGTERM")), 15_000)),
      ]);
      assert.equal(exit.code, 0, `process ${which ? "B" : "A"} exit code`);
      assert.match(p.log, /"event":"drained"/);
      const exitMs = performance.now() - sentAt;
      const closedHere = (p.log.match(/"event":"drain_room_closed"/g) ?? []).length;
      procs[which] = await start(ports[which]);
      await until(() => ready(procs[which]!), 10_000, "restarted process ready");
      // Every bot whose room was on the stopped process is in a new room before the next step (bounded, no sleep).
      await until(() => bots.every((bot) => bot.left === undefined && !bot.rejoining), 15_000, "every bot in a game again");
      const moved = bots.filter((bot, i) => bot.rejoins.length > before[i]!).length;
      restarts.push({ which: which ? "B" : "A", moved, exitMs });
      assert.ok(closedHere === 0 || moved > 0, "rooms were closed on the stopped process but no bot moved");
    }

    assert.deepEqual(failures, [], "a bot gave up rejoining");
    const all: BotRejoin[] = bots.flatMap((bot) => bot.rejoins);
    assert.ok(all.length >= BOTS, `each bot moved at least once over four restarts (moves: ${all.length})`);
    const gaps = all.map((m) => m.inGameAt - m.closedAt);
    const perBot = bots.map((bot) => Math.max(0, ...bot.rejoins.map((m) => m.inGameAt - m.closedAt)));
    const maxGap = Math.max(...gaps);

    // Every bot ends in a game: in a room, its own player in the state, and patches still arriving.
    await Promise.all(
      bots.map(async (bot) => {
        assert.equal(bot.left, undefined);
        assert.ok(bot.me, "own player in the state");
        let patched = false;
        const off = () => bot.room.onStateChange.remove(mark);
        const mark = () => (patched = true);
        bot.room.onStateChange(mark);
        try {
          await until(() => patched, 5000, "a state patch in the final room");
        } finally {
          off();
        }
      }),
    );

    const viaCode = all.filter((m) => m.how === "code").length;
    console.log(
      `      [measured] rolling restart, ${BOTS} bots, 2 processes, DRAIN_SECONDS=2: ${all.length} moves (${restarts.map((r) => `${r.which}: ${r.moved} moved, exit ${(r.exitMs / 1000).toFixed(1)} s after SIGTERM`).join("; ")}); ` +
        `time without a game: max ${Math.round(maxGap)} ms, median ${Math.round(median(gaps))} ms, per bot max ${perBot.map((g) => Math.round(g)).join("/")} ms; ` +
        `attempts per move max ${Math.max(...all.map((m) => m.attempts))}; by code ${viaCode}`,
    );
    assert.ok(maxGap <= MAX_GAP_BOUND_MS, `a bot was without a game for ${Math.round(maxGap)} ms (bound ${MAX_GAP_BOUND_MS} ms)`);
  });

  it("a bot that joined a friend's room by code tries that code first, finds the room gone with its process, and quick plays", async () => {
    // A code is a room id, owned by one process: a room closed by a drain does not live on elsewhere, so the code
    // answers "not found" and the bot goes on to quick play at once (the case where the code answers: unit cases below).
    const host = await Bot.join(procs[0]!.url, { kind: "create" }, { name: "Host" });
    bots.push(host);
    // A create may land on either process: `a` is the one that owns the room, `b` the other.
    const ownerIndex = procs.findIndex((p) => p!.log.includes(`"event":"room_created","roomId":"${host.roomId}"`));
    assert.ok(ownerIndex >= 0, "the host's room is on one of the processes");
    const [a, b] = [procs[ownerIndex]!, procs[1 - ownerIndex]!];
    const friend = await Bot.join(b.url, { kind: "id", roomId: host.roomId }, { name: "Friend", rejoinOnRestart: true, endpoints: [a.url, b.url] });
    bots.push(friend);
    const moved = new Promise<BotRejoin>((resolve, reject) => {
      friend.onRejoin(resolve);
      friend.onRejoinFailed(reject);
    });
    a.kill("SIGTERM");
    const move = await Promise.race([moved, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("friend did not rejoin within 15 s")), 15_000))]);
    assert.equal(move.how, "quick", "the friend's room is gone with its process: quick play");
    assert.notEqual(move.toRoomId, host.roomId);
    assert.equal(friend.left, undefined);
    assert.equal((await a.exited).code, 0);
    console.log(`      [measured] friend's room gone: quick play after ${move.attempts} attempts, ${Math.round(move.inGameAt - move.closedAt)} ms without a game`);
  });
});

describe("rejoin logic (game-client/net/rejoin.ts)", () => {
  const fast: RejoinPolicy = { ...REJOIN_POLICY, attempts: 5 };
  const noWait = { sleep: async () => undefined, random: () => 0.5 };
  const matchmakeError = (code: number, message: string) => Object.assign(new Error(message), { code });

  it("tries the old room's code first, and quick play at once when the code's room is gone", async () => {
    const tried: string[] = [];
    const slept: number[] = [];
    const out = await rejoinAfterRestart(
      { roomId: "K7QM3P", byCode: true },
      async (mode) => {
        tried.push(mode.kind === "id" ? `id:${mode.roomId}` : mode.kind);
        if (mode.kind === "id") throw matchmakeError(ErrorCode.MATCHMAKE_INVALID_ROOM_ID, 'room "K7QM3P" not found');
        return "joined";
      },
      fast,
      { ...noWait, sleep: async (ms) => void slept.push(ms) },
    );
    assert.deepEqual(tried, ["id:K7QM3P", "quick"]);
    assert.equal(out.result, "joined");
    assert.equal(out.mode.kind, "quick");
    assert.equal(slept.length, 1, "no backoff between the answered code and quick play");
  });

  it("rejoins by code when the code still answers", async () => {
    const out = await rejoinAfterRestart({ roomId: "ABCDEF", byCode: true }, async (mode) => mode, fast, noWait);
    assert.deepEqual(out.mode, { kind: "id", roomId: "ABCDEF" });
  });

  it("retries 503 (UNAVAILABLE, a stopping process) and unreachable servers with growing, jittered waits, and gives up after the bound", async () => {
    const slept: number[] = [];
    let calls = 0;
    await assert.rejects(
      rejoinAfterRestart(
        { roomId: "X", byCode: false },
        async () => {
          calls++;
          throw calls % 2 ? matchmakeError(JOIN_ERROR.UNAVAILABLE, "UNAVAILABLE: redis") : new TypeError("fetch failed");
        },
        fast,
        { random: () => 0.5, sleep: async (ms) => void slept.push(ms) },
      ),
      (err: unknown) => err instanceof RejoinFailed && err.attempts === 5,
    );
    assert.equal(calls, 5);
    assert.deepEqual(slept.map(Math.round), [150, 188, 375, 750, 1500]);
    // The waits stay within [½, 1] of the capped exponential, whatever the jitter.
    for (let i = 1; i < 12; i++) {
      const cap = Math.min(REJOIN_POLICY.maxDelayMs, REJOIN_POLICY.baseDelayMs * 2 ** (i - 1));
      assert.ok(rejoinDelayMs(i, REJOIN_POLICY, () => 0) >= cap / 2 && rejoinDelayMs(i, REJOIN_POLICY, () => 0.999) <= cap);
    }
  });

  it("tries the other processes before the closed room's own", () => {
    const list = ["ws://127.0.0.1:2567", "ws://127.0.0.1:2568", "ws://127.0.0.1:2569"];
    assert.deepEqual(rejoinEndpoints(list, "ws://127.0.0.1:2568/proc/room?sessionId=x"), [list[0], list[2], list[1]]);
    assert.deepEqual(rejoinEndpoints(list, undefined), list);
  });

  it("does not retry a refused name, and stops when cancelled", async () => {
    let calls = 0;
    await assert.rejects(
      rejoinAfterRestart(
        { roomId: "X", byCode: false },
        async () => {
          calls++;
          throw matchmakeError(JOIN_ERROR.INVALID_NAME, "INVALID_NAME: empty");
        },
        fast,
        noWait,
      ),
      RejoinFailed,
    );
    assert.equal(calls, 1);
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(rejoinAfterRestart({ roomId: "X", byCode: false }, async () => "never", fast, { ...noWait, signal: abort.signal }), RejoinFailed);
  });
});
