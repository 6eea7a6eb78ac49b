/**
 * Each process's lobby holds: a lobby request answered by process B is seated in B's own lobby,
 * even when A's lobby exists, and Colyseus logs no warning per join. Real redis-server, two real
 * game server processes, real lobby clients.
 */
import assert from "node:assert/strict";
import { ROOM } from "../shared/protocol.js";
import { GameProcess } from "./helpers/gameProcess.js";
import { LobbyWatcher } from "./helpers/lobby.js";
import { closeMatchmakeAgents, matchmakeFrom } from "./helpers/matchmakeFrom.js";
import { RedisServer } from "../server/launch/redisServer.js";

/** Arena rooms per process in these processes. */
const CAP = 3;
/** Colyseus' warning when a join filters by an internal key such as processId. */
const INTERNAL_KEY_WARNING = "has internal usage";

function processIdOf(game: GameProcess): string {
  for (const line of game.log.split("\n")) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line) as { event?: string; processId?: string };
    if (entry.event === "listening" && entry.processId) return entry.processId;
  }
  throw new Error(`no "listening" line with a processId in:\n${game.log.slice(-2000)}`);
}

describe("lobby per process", function () {
  this.timeout(60_000);
  let redis: RedisServer;
  let a: GameProcess;
  let b: GameProcess;
  const watchers: LobbyWatcher[] = [];

  before(async () => {
    redis = await RedisServer.start();
    const env = { REDIS_URL: redis.url, HEALTH_CHECK_SECONDS: "1", LOG_LEVEL: "info", MAX_ROOMS_PER_PROCESS: String(CAP), SEAT_RESERVATION_SECONDS: "30" };
    [a, b] = await Promise.all([GameProcess.start(env), GameProcess.start(env)]);
  });
  after(async () => {
    await Promise.all(watchers.splice(0).map((w) => w.leave().catch(() => undefined)));
    closeMatchmakeAgents();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it("seats a lobby join answered by B in B's lobby, with A's lobby open, and logs no warning", async () => {
    const [idA, idB] = [processIdOf(a), processIdOf(b)];
    assert.notEqual(idA, idB);
    // A's lobby exists first: Colyseus' own query would find it from B too.
    watchers.push(await LobbyWatcher.join(a.url, "OnA"));
    const viaA = await matchmakeFrom(a.httpUrl, "127.0.0.1", "joinOrCreate", ROOM.LOBBY, { name: "RawA" });
    assert.equal(viaA.status, 200, JSON.stringify(viaA.body));
    assert.equal(viaA.body.processId, idA);

    const viaB = await Promise.all(["joinOrCreate", "join", "create", "joinOrCreate"].map((method) => matchmakeFrom(b.httpUrl, "127.0.0.1", method, ROOM.LOBBY, { name: "RawB" })));
    for (const reply of viaB) {
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.equal(reply.body.processId, idB, "seated in B's lobby");
      assert.equal(reply.body.publicAddress, b.publicAddress);
    }
    assert.equal(new Set(viaB.map((r) => r.body.roomId)).size, 1, "one lobby on B, however many ask at once");
    assert.notEqual(viaB[0]!.body.roomId, viaA.body.roomId);

    // A real lobby client through B lands in that lobby and gets the global listing.
    const onB = await LobbyWatcher.join(b.url, "OnB");
    watchers.push(onB);
    assert.equal(onB.room.roomId, viaB[0]!.body.roomId);
    const lobbyJoins = 1 + 1 + viaB.length + 1;
    console.log(`      [measured] ${lobbyJoins} lobby joins over two processes: each seated in its answering process's lobby; warnings logged: 0`);
    assert.equal(a.log.includes(INTERNAL_KEY_WARNING), false, "A logged Colyseus' internal-key warning");
    assert.equal(b.log.includes(INTERNAL_KEY_WARNING), false, "B logged Colyseus' internal-key warning");
  });

  it("caps the rooms of every process: creations through one process fill both, then 503 ROOM_LIMIT_REACHED", async () => {
    const replies = [];
    for (let i = 0; i < 3 * CAP; i++) replies.push(await matchmakeFrom(a.httpUrl, `127.0.3.${i + 1}`, "create", ROOM.ARENA, {}));
    const created = replies.filter((r) => r.status === 200);
    const refused = replies.filter((r) => r.status !== 200);
    const perProcess = new Map<string, number>();
    for (const r of created) perProcess.set(r.body.processId!, (perProcess.get(r.body.processId!) ?? 0) + 1);
    console.log(`      [measured] ${replies.length} creates through A, cap ${CAP} per process: ${JSON.stringify(Object.fromEntries(perProcess))} created, ${refused.length} refused`);
    assert.equal(created.length, 2 * CAP, JSON.stringify(replies.map((r) => [r.status, r.body.processId, r.body.error])));
    assert.deepEqual([...perProcess.values()], [CAP, CAP]);
    for (const r of refused) {
      assert.equal(r.status, 503);
      assert.match(r.body.error!, /^ROOM_LIMIT_REACHED: /);
    }
  });
});
