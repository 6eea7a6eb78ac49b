/**
 * One client address cannot fill a process with rooms or seats, nor probe room codes at will:
 * real server, real HTTP matchmaking from distinct loopback addresses, real bots.
 */
import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import type { Room } from "@colyseus/sdk";
import { Client } from "@colyseus/sdk";
import { describeJoinError } from "../game-client/net/joinErrors.js";
import { Bot } from "../bots/Bot.js";
import { JOIN_ERROR, ROOM } from "../shared/protocol.js";
import { PATCH_INTERVAL_MS } from "../shared/sim/constants.js";
import { LobbyWatcher } from "./helpers/lobby.js";
import { captureLogs } from "./helpers/logCapture.js";
import { closeMatchmakeAgents, matchmakeFrom, takeSeat, type MatchmakeReply } from "./helpers/matchmakeFrom.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { until } from "./helpers/until.js";

const PATCHES_PER_SECOND = 1000 / PATCH_INTERVAL_MS;
const FLOODER = "127.0.0.2";
const FRIEND = "127.0.0.3";

/**
 * Runs `total` calls of `one` with `concurrency` in flight (and goes on until `minMs` have passed,
 * if given); returns the replies in completion order.
 */
async function flood(total: number, concurrency: number, one: (i: number) => Promise<MatchmakeReply>, minMs = 0): Promise<MatchmakeReply[]> {
  const replies: MatchmakeReply[] = [];
  const until = performance.now() + minMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total || performance.now() < until) replies.push(await one(next++));
    }),
  );
  return replies;
}

function countBy(replies: MatchmakeReply[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of replies) {
    const name = /^([A-Z_]+):/.exec(r.body.error ?? "")?.[1];
    const key = name ? `${r.status} ${name}` : String(r.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The state patches a bot receives between start() and stop(): rate from the first to the last one. */
function patchCounter(room: Room) {
  const times: number[] = [];
  const onPatch = () => void times.push(performance.now());
  return {
    start() {
      times.length = 0;
      room.onStateChange(onPatch);
    },
    stop(): { patches: number; seconds: number; perSecond: number } {
      room.onStateChange.remove(onPatch);
      const seconds = (times[times.length - 1]! - times[0]!) / 1000;
      return { patches: times.length, seconds, perSecond: (times.length - 1) / seconds };
    },
  };
}

async function metricValue(server: TestServer, reason: string): Promise<number> {
  const metric = await server.server.metrics.registry.getSingleMetric("orb_matchmake_refused_total")!.get();
  return metric.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

/** Polls `predicate` every 20 ms until it holds; rejects after `timeoutMs`. */

describe("matchmaking caps: rooms, seats and code guesses per address", function () {
  this.timeout(60_000);
  const bots: Bot[] = [];
  const rooms: Room[] = [];
  let server: TestServer | undefined;
  afterEach(async () => {
    await Promise.all([...bots.splice(0).map((b) => b.leave().catch(() => undefined)), ...rooms.splice(0).map((r) => r.leave().catch(() => undefined))]);
    await server?.close();
    server = undefined;
    closeMatchmakeAgents();
  });
  const join = async (...args: Parameters<typeof Bot.join>) => {
    const bot = await Bot.join(...args);
    bots.push(bot);
    return bot;
  };

  it("refuses a create flood from one address (≥ 2,000 requests, ≥ 5 s) with 429 after its rate, while a player elsewhere keeps its patch rate", async () => {
    const RATE = 30;
    server = await startTestServer({}, { ROOM_CREATES_PER_MINUTE: String(RATE), PENDING_SEATS_PER_ADDRESS: "100000" });
    const player = await join(server.url, { kind: "create" }, { name: "Player" });
    player.drive("random");
    await player.waitFor(() => player.state.players.size === 1, 3000, "own state");
    const counter = patchCounter(player.room as unknown as Room);
    let maxRooms = 0;
    counter.start();
    const started = performance.now();
    const replies = await flood(
      2000,
      16,
      async () => {
        const reply = await matchmakeFrom(server!.httpUrl, FLOODER, "create", ROOM.ARENA, {});
        maxRooms = Math.max(maxRooms, matchMaker.stats.local.roomCount);
        return reply;
      },
      5000,
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = counter.stop();
    const counts = countBy(replies);
    console.log(
      `      [measured] ${replies.length} creates from one address in ${seconds.toFixed(2)} s: ${JSON.stringify(counts)}; at most ${maxRooms} rooms; ` +
        `player's patches ${rate.perSecond.toFixed(1)}/s over ${rate.seconds.toFixed(1)} s`,
    );
    const created = counts["200"] ?? 0;
    // The burst, plus what refilled while the flood ran (RATE per minute).
    assert.ok(created >= RATE && created <= RATE + Math.ceil((seconds * RATE) / 60) + 1, `${created} rooms created`);
    assert.equal(counts["429 CREATE_RATE_LIMITED"], replies.length - created, "every other create refused with 429 CREATE_RATE_LIMITED");
    const refusal = replies.find((r) => r.status === 429)!;
    assert.equal(refusal.body.code, JOIN_ERROR.CREATE_RATE_LIMITED);
    assert.match(refusal.body.error!, /^CREATE_RATE_LIMITED: .*try again in \d+ s/);
    assert.ok(rate.perSecond >= 0.95 * PATCHES_PER_SECOND, `player's patch rate ${rate.perSecond.toFixed(1)}/s during the flood`);
    assert.equal(await metricValue(server, "room_creates"), replies.length - created);
    // Another address is not affected.
    assert.equal((await matchmakeFrom(server.httpUrl, FRIEND, "create", ROOM.ARENA, {})).status, 200);
  });

  it("caps the rooms of a process (503 ROOM_LIMIT_REACHED), whatever the addresses, and frees the places as rooms go", async () => {
    const CAP = 12;
    server = await startTestServer({}, { MAX_ROOMS_PER_PROCESS: String(CAP), SEAT_RESERVATION_SECONDS: "2" });
    const player = await join(server.url, { kind: "create" }, { name: "Player" });
    let maxRooms = 0;
    const replies = await flood(400, 16, async (i) => {
      const reply = await matchmakeFrom(server!.httpUrl, `127.0.1.${1 + (i % 50)}`, "create", ROOM.ARENA, {});
      maxRooms = Math.max(maxRooms, matchMaker.stats.local.roomCount); // no lobby on this server: arena rooms only
      return reply;
    });
    const counts = countBy(replies);
    console.log(`      [measured] 400 creates from 50 addresses, cap ${CAP}: ${JSON.stringify(counts)}; at most ${maxRooms} arena rooms`);
    assert.equal(counts["200"], CAP - 1, "the player's room and CAP - 1 more");
    assert.equal(counts["503 ROOM_LIMIT_REACHED"], 400 - (CAP - 1));
    assert.ok(maxRooms <= CAP, `${maxRooms} arena rooms`);
    assert.equal(await metricValue(server, "room_cap"), 400 - (CAP - 1));
    // The player keeps playing; joining an existing room by its code still works at the cap.
    const guest = await join(server.url, { kind: "id", roomId: player.roomId }, { name: "Guest" });
    assert.equal(guest.roomId, player.roomId);
    // Rooms nobody joined go when their reservation expires (2 s), and make room for new ones.
    await until(() => matchMaker.stats.local.roomCount === 1, 6000, "unjoined rooms disposed");
    assert.equal((await matchmakeFrom(server.httpUrl, FRIEND, "create", ROOM.ARENA, {})).status, 200);
  });

  it("neither lists nor steps a room created and never joined; the first join wakes it", async () => {
    server = await startTestServer({}, { SEAT_RESERVATION_SECONDS: "3" });
    const lobby = await LobbyWatcher.join(server.url);
    const announced = new Set<string>(); // every room id a lobby update ("+" or "-") named
    lobby.room.onMessage("+", ([roomId]: [string, unknown]) => void announced.add(roomId));
    lobby.room.onMessage("-", (roomId: string) => void announced.add(roomId));
    try {
      const idle: string[] = [];
      for (let i = 0; i < 5; i++) {
        const reply = await matchmakeFrom(server.httpUrl, FLOODER, "create", ROOM.ARENA, {});
        assert.equal(reply.status, 200);
        idle.push(reply.body.roomId!);
      }
      const player = await join(server.url, { kind: "create" }, { name: "Player" });
      await lobby.until(() => lobby.rooms.has(player.roomId), 3000, "the joined room listed");
      const clockOf = (roomId: string) => (matchMaker.getLocalRoomById(roomId) as unknown as { clock: { elapsedTime: number } }).clock.elapsedTime;
      await player.waitFor(() => clockOf(player.roomId) > 500, 3000, "the joined room stepping for 0.5 s");
      for (const roomId of idle) {
        assert.equal(lobby.rooms.has(roomId), false, `${roomId} listed`);
        assert.equal(clockOf(roomId), 0, `${roomId} stepped`);
      }
      const fresh = await LobbyWatcher.join(server.url, "Late");
      assert.deepEqual([...fresh.rooms.keys()], [player.roomId], "a new lobby client's list has only the joined room");
      await fresh.leave();

      // Someone joins one of them by its code: it is listed and steps.
      const woken = await join(server.url, { kind: "id", roomId: idle[0]! }, { name: "Waker" });
      await lobby.until(() => lobby.rooms.has(idle[0]!), 3000, "the woken room listed");
      await woken.waitFor(() => clockOf(idle[0]!) > 200, 3000, "the woken room stepping");
      // The others go when their seat reservation (3 s) expires.
      await until(() => idle.slice(1).every((roomId) => matchMaker.getLocalRoomById(roomId) === undefined), 6000, "unjoined rooms disposed");
      // Created, then disposed: lobby clients were never told about them.
      const lastWord = await join(server.url, { kind: "create" }, { name: "LastWord" });
      await lobby.until(() => lobby.rooms.has(lastWord.roomId), 3000, "a later room listed");
      assert.deepEqual(idle.slice(1).filter((roomId) => announced.has(roomId)), [], "lobby updates about rooms nobody joined");
    } finally {
      await lobby.leave();
    }
  });

  it("never lets unused reservations from one address keep a friend with the code out, nor fill public rooms with ghosts", async () => {
    server = await startTestServer({}, { PENDING_SEATS_PER_ADDRESS: "8" });
    const owner = await join(server.url, { kind: "create" }, { name: "Owner", private: true });
    // The ghost reserves seats by the code and never uses them (more than the room holds).
    const ghosts = await flood(40, 4, () => matchmakeFrom(server!.httpUrl, FLOODER, "joinById", owner.roomId, {}));
    const ghostCounts = countBy(ghosts);
    assert.equal(ghostCounts["200"], 8, JSON.stringify(ghostCounts));
    assert.equal(ghostCounts["429 PENDING_SEATS_LIMITED"], 32);
    // The friend gets in every time, while the ghost keeps trying.
    let friendIn = 0;
    const TRIES = 20;
    for (let i = 0; i < TRIES; i++) {
      const ghost = await matchmakeFrom(server.httpUrl, FLOODER, "joinById", owner.roomId, {});
      assert.notEqual(ghost.status, 200, "the ghost gets no more seats");
      const room = await takeSeat(server.url, await matchmakeFrom(server.httpUrl, FRIEND, "joinById", owner.roomId, { name: `Friend${i}` }));
      friendIn++;
      await room.leave();
    }
    console.log(`      [measured] ghost seats held by one address: ${ghostCounts["200"]}; friend with the code got in ${friendIn}/${TRIES}`);
    assert.equal(friendIn, TRIES);
    assert.equal(await metricValue(server, "pending_seats"), 32 + TRIES);

    // Quick play: four public rooms with a host each; the ghost tries 15 seats in each.
    const hosts = await Promise.all([1, 2, 3, 4].map((i) => join(server!.url, { kind: "create" }, { name: `Host${i}` })));
    const tries = await flood(60, 4, (i) => matchmakeFrom(server!.httpUrl, "127.0.0.4", "joinById", hosts[i % 4]!.roomId, {}));
    assert.equal(countBy(tries)["200"], 8, "one address holds at most 8 unused seats in all");
    for (let i = 0; i < 4; i++) {
      const quick = await join(server.url, { kind: "quick" }, { name: `Quick${i}` });
      await quick.waitFor(() => quick.state.players.size >= 2, 3000, "a real player beside the quick-play player");
    }
  });

  it("throttles unknown room codes per address, with one log line and a metric; the right code from elsewhere still works", async () => {
    const logs = captureLogs("warn");
    const BUDGET = 10;
    server = await startTestServer({}, { ROOM_CODE_MISSES_PER_MINUTE: String(BUDGET) }, logs.logger);
    const owner = await join(server.url, { kind: "create" }, { name: "Owner", private: true });
    const started = performance.now();
    const guesses = await flood(500, 8, (i) => matchmakeFrom(server!.httpUrl, FLOODER, "joinById", `GUESS${String(i).padStart(3, "0")}`.slice(-6), {}));
    const seconds = (performance.now() - started) / 1000;
    const counts = countBy(guesses);
    console.log(`      [measured] 500 code guesses from one address in ${seconds.toFixed(2)} s (${Math.round(500 / seconds)}/s): ${JSON.stringify(counts)}`);
    const misses = guesses.filter((r) => r.status === 522).length;
    assert.ok(misses >= BUDGET && misses <= BUDGET + Math.ceil((seconds * BUDGET) / 60) + 1, `${misses} guesses answered`);
    assert.equal(counts["429 CODE_GUESSES_LIMITED"], 500 - misses);
    // Throttled: even the right code is refused for this address, not for another.
    const right = await matchmakeFrom(server.httpUrl, FLOODER, "joinById", owner.roomId, {});
    assert.equal(right.status, 429);
    assert.match(right.body.error!, /^CODE_GUESSES_LIMITED: /);
    rooms.push(await takeSeat(server.url, await matchmakeFrom(server.httpUrl, FRIEND, "joinById", owner.roomId, {})));
    const line = await logs.waitFor((l) => l.event === "matchmake_throttled" && l.reason === "code_guesses");
    assert.equal(line.address, FLOODER);
    assert.equal(logs.lines.filter((l) => l.event === "matchmake_throttled").length, 1, "one line per address and minute, not one per refusal");
    assert.equal(await metricValue(server, "code_guesses"), 500 - misses + 1);
  });

  it("gives the browser words for each refusal (real SDK errors)", async () => {
    server = await startTestServer({}, { ROOM_CREATES_PER_MINUTE: "2", MAX_ROOMS_PER_PROCESS: "1", ROOM_CODE_MISSES_PER_MINUTE: "1", SEAT_RESERVATION_SECONDS: "30" });
    const sdk = new Client(server.url);
    rooms.push((await sdk.create(ROOM.ARENA, { name: "First" })) as unknown as Room);
    const refusal = (p: Promise<unknown>) => p.then(() => assert.fail("expected a refusal"), (err: unknown) => describeJoinError(err, "ZZZZZZ"));
    const full = await refusal(sdk.create(ROOM.ARENA, { name: "Second" }));
    assert.equal(full.kind, "server_full");
    assert.match(full.message, /^The server is full right now/);
    const rate = await refusal(sdk.create(ROOM.ARENA, { name: "Third" }));
    assert.equal(rate.kind, "rate_limited");
    assert.match(rate.message, /^Too many rooms were created from your network just now\. Try again in \d+ seconds\.$/);
    assert.equal((await refusal(sdk.joinById("ZZZZZZ", { name: "Guess" }))).kind, "not_found");
    const guesses = await refusal(sdk.joinById("ZZZZZY", { name: "Guess" }));
    assert.equal(guesses.kind, "rate_limited");
    assert.match(guesses.message, /^Too many unknown room codes were tried from your network\. Try again in \d+ seconds\.$/);
  });
});
