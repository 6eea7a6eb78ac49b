import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { ChatRefused } from "../bots/Bot.js";
import { HillBot } from "../bots/HillBot.js";
import { EMOTE_RATE_MAX_MESSAGES, ERROR_CODE, JOIN_ERROR, ROOM, type ProtocolError } from "../shared/protocol.js";
import { ROUND_PHASE } from "../shared/schema/state.js";
import { ARENA_HEIGHT_UNITS, ARENA_WIDTH_UNITS } from "../shared/sim/constants.js";
import { HILL_MOVE_MS, HILL_RADIUS_UNITS, isOnHill } from "../shared/sim/hill.js";
import type { Metrics } from "../server/metrics.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { LobbyWatcher } from "./helpers/lobby.js";

/** The `{ code, message }` a request was refused with. */
async function refusalOf(promise: Promise<unknown>): Promise<ProtocolError> {
  try {
    await promise;
  } catch (err) {
    const reason = (err as { reason?: ProtocolError }).reason;
    assert.ok(reason && typeof reason.code === "string", `expected a structured refusal, got ${String(err)}`);
    return reason;
  }
  assert.fail("expected a refusal");
}

async function counter(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  return metric.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))?.value ?? 0;
}

/** A hill server for the enclosing describe, and hill bots that leave after each test. */
function hillFixture(tuning: Parameters<typeof startTestServer>[0]) {
  let server: TestServer | undefined;
  const bots: HillBot[] = [];
  before(async () => {
    server = await startTestServer(tuning);
  });
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.leave().catch(() => undefined)));
  });
  after(async () => {
    await server?.close();
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error("fixture used outside a test");
      return server;
    },
    async join(...args: Parameters<typeof HillBot.join>): Promise<HillBot> {
      const bot = await HillBot.join(...args);
      bots.push(bot);
      return bot;
    },
  };
}

describe("King of the Hill over real WebSockets", function () {
  this.timeout(45_000);
  const t = hillFixture({ roundMs: 120_000 });

  it("joins a hill room: its own state (players, hill, round clock), and a second player by code", async () => {
    const a = await t.join(t.server.url, { kind: "create" }, { name: "Ann" });
    assert.equal(a.room.name, ROOM.HILL);
    const b = await t.join(t.server.url, { kind: "id", roomId: a.roomId }, { name: "Ben" });
    await b.waitFor(() => b.state.players.size === 2 && b.state.phase === ROUND_PHASE.PLAYING, 2000, "both players, round on");
    const { hill } = b.state;
    assert.ok(hill.x >= HILL_RADIUS_UNITS && hill.x <= ARENA_WIDTH_UNITS - HILL_RADIUS_UNITS, `hill x ${hill.x}`);
    assert.ok(hill.y >= HILL_RADIUS_UNITS && hill.y <= ARENA_HEIGHT_UNITS - HILL_RADIUS_UNITS, `hill y ${hill.y}`);
    const movesIn = hill.movesAt - b.room.clock.serverNow();
    assert.ok(movesIn > 0 && movesIn <= HILL_MOVE_MS + 200, `hill moves in ${movesIn} ms`);
    assert.equal(b.state.players.get(a.sessionId)!.name, "Ann");
    for (const p of b.state.players.values()) assert.equal(isOnHill(p, hill), false, "nobody spawns on the hill");
    assert.equal("orbs" in b.state, false, "no orbs in this mode");
  });

  it("a player alone on the hill is king and scores a point a second; others see it; a second player contests it", async () => {
    const king = await t.join(t.server.url, { kind: "create" }, { name: "King" });
    const rival = await t.join(t.server.url, { kind: "id", roomId: king.roomId }, { name: "Rival" });
    king.climb();
    // At most two trips (the hill may jump once on the way; it does so every 10 s, a trip takes at most 8 s).
    await king.waitFor(() => king.state.hill.king === king.sessionId, 20_000, "king of the hill");
    await rival.waitFor(() => (rival.state.players.get(king.sessionId)?.score ?? 0) >= 2, 20_000, "two points, seen by the rival");
    assert.equal(rival.me!.score, 0, "a player off the hill scores nothing");

    rival.climb();
    // Contested with time to spare before the hill jumps (both bots follow it when it does).
    const contestedAWhile = () => rival.state.hill.contested && rival.state.hill.movesAt - rival.room.clock.serverNow() > 2500;
    await rival.waitFor(contestedAWhile, 20_000, "hill contested, 2.5 s before it moves");
    assert.equal(rival.state.hill.king, "");
    // For well over a point's worth of time (1 s), on every patch: still contested, and no score moved.
    const scores = () => [...rival.state.players.values()].map((p) => p.score).join(",");
    const frozen = scores();
    const seen = new Set<string>();
    const sample = () => seen.add(`${rival.state.hill.contested}|${scores()}`);
    rival.room.onStateChange(sample);
    const until = rival.room.clock.serverNow() + 1500;
    await rival.waitFor(() => rival.room.clock.serverNow() >= until, 3000, "1.5 s of contest");
    rival.room.onStateChange.remove(sample);
    assert.deepEqual([...seen], [`true|${frozen}`], "no point scored on a contested hill");
  });

  it("emote: broadcast to the room, a bad payload refused INVALID_PAYLOAD, a flood refused RATE_LIMITED, all counted", async () => {
    const { metrics } = t.server.server;
    const a = await t.join(t.server.url, { kind: "create" }, { name: "Ann" });
    const b = await t.join(t.server.url, { kind: "id", roomId: a.roomId }, { name: "Ben" });
    const acceptedBefore = await counter(metrics, "orb_messages_total", { type: "emote" });

    await a.emote("wave");
    await b.waitFor(() => b.emotes.some((e) => e.from === a.sessionId && e.emote === "wave"), 2000, "Ben sees Ann wave");

    const bad = await refusalOf(a.emote("<script>"));
    assert.equal(bad.code, ERROR_CODE.INVALID_PAYLOAD);
    // A plain send with a bad payload is answered with an `error` message, and the sender stays.
    (a.room.send as (type: string, payload: unknown) => void)("emote", { emote: 42 });
    await a.waitFor(() => a.bot.errors.some((e) => e.type === "emote" && e.code === ERROR_CODE.INVALID_PAYLOAD), 2000, "error message");

    for (let i = 1; i < EMOTE_RATE_MAX_MESSAGES; i++) await a.emote("gg");
    const limited = await refusalOf(a.emote("gg"));
    assert.equal(limited.code, ERROR_CODE.RATE_LIMITED);
    assert.match(limited.message, /At most 3 emote messages per 3 s/);
    // The limit is per player: Ben may still emote.
    await b.emote("laugh");
    assert.equal(a.bot.left, undefined, "refusals do not disconnect");

    assert.equal((await counter(metrics, "orb_messages_total", { type: "emote" })) - acceptedBefore, EMOTE_RATE_MAX_MESSAGES + 1);
    assert.ok((await counter(metrics, "orb_rejected_messages_total", { reason: ERROR_CODE.RATE_LIMITED })) >= 1);
  });

  it("has room chat, unknown messages answered, and join options checked, all from the platform", async () => {
    const a = await t.join(t.server.url, { kind: "create" }, { name: "Ann" });
    const b = await t.join(t.server.url, { kind: "id", roomId: a.roomId }, { name: "Ben" });
    const ack = await a.bot.chat("on my way to the hill");
    await b.waitFor(() => b.bot.chats.some((m) => m.id === ack.id && m.name === "Ann"), 2000, "chat broadcast");
    await assert.rejects(a.bot.chat(""), (err: unknown) => err instanceof ChatRefused && err.error.code === ERROR_CODE.EMPTY_MESSAGE);

    (b.room.send as (type: string, payload: unknown) => void)("collect", { orb: 1 });
    await b.waitFor(() => b.bot.errors.some((e) => e.code === ERROR_CODE.UNKNOWN_MESSAGE), 2000, "unknown message answered");

    await assert.rejects(HillBot.join(t.server.url, { kind: "create" }, { name: "Admin" }), (err: { code?: number; message?: string }) => {
      return err.code === JOIN_ERROR.NAME_RESERVED && /^NAME_RESERVED/.test(err.message ?? "");
    });
  });

  it("is listed by the lobby (by room name), and a private hill room is not", async () => {
    const lobby = await LobbyWatcher.join(t.server.url, "Watcher", ROOM.HILL);
    try {
      const open = await t.join(t.server.url, { kind: "create" }, { name: "Open" });
      const hidden = await t.join(t.server.url, { kind: "create" }, { name: "Hidden", private: true });
      await lobby.until(() => lobby.rooms.get(open.roomId)?.clients === 1, 3000, "hill room listed");
      assert.equal(lobby.rooms.has(hidden.roomId), false);
      // Quick play for the hill lands in the open hill room, never an arena room.
      const quick = await t.join(t.server.url, { kind: "quick" }, { name: "Quick" });
      assert.equal(quick.roomId, open.roomId);
      const arena = await new Client(t.server.url).joinOrCreate(ROOM.ARENA, { name: "Elsewhere" });
      assert.notEqual(arena.roomId, open.roomId);
      await arena.leave(true);
    } finally {
      await lobby.leave();
    }
  });
});

describe("King of the Hill rounds", function () {
  this.timeout(20_000);
  const t = hillFixture({ roundMs: 3000, intermissionMs: 800 });

  it("a timed round ends with the result broadcast, then the next starts with scores reset and the hill moved", async () => {
    const climber = await t.join(t.server.url, { kind: "create" }, { name: "Climber" });
    await climber.waitFor(() => climber.state.phase === ROUND_PHASE.PLAYING, 2000, "round on");
    const round = climber.state.round;
    const before = { x: climber.state.hill.x, y: climber.state.hill.y };
    await climber.waitFor(() => climber.state.phase === ROUND_PHASE.ENDED, 5000, "round ended");
    await climber.waitFor(() => climber.bot.rounds.length === 1, 2000, "round result");
    assert.equal(climber.bot.rounds[0]!.round, round);
    assert.equal(climber.state.hill.king, "", "nobody holds the hill between rounds");
    await climber.waitFor(() => climber.state.phase === ROUND_PHASE.PLAYING && climber.state.round === round + 1, 3000, "next round");
    assert.notDeepEqual({ x: climber.state.hill.x, y: climber.state.hill.y }, before, "the hill moved for the new round");
    assert.equal(climber.me!.score, 0);
  });
});
