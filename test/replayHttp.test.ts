/**
 * GET /replays and GET /replays/:id on a real server: listing and downloading what its store
 * holds (put through the store directly, as a finished round does), the 400/404/429/503 refusals,
 * CORS, a restart on the same REPLAY_DIR; then two game processes on one real redis-server, where
 * a replay put by one is listed and downloaded from the other, and a dead Redis is 503, not 404.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ERROR_CODE } from "../shared/protocol.js";
import { REPLAY_MEDIA_TYPE, type ReplayMeta } from "../shared/replay/meta.js";
import { RedisServer } from "../server/launch/redisServer.js";
import { GameProcess } from "./helpers/gameProcess.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { replayFile, replayMeta } from "./helpers/replayFixtures.js";

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const listedIds = (body: Record<string, unknown>) => (body.replays as ReplayMeta[]).map((m) => m.id);

describe("replay HTTP routes", function () {
  this.timeout(30_000);
  let dir: string;
  let server: TestServer | undefined;
  const start = async (env: Record<string, string> = {}) => {
    await server?.close();
    server = await startTestServer({}, { REPLAY_DIR: dir, ...env });
    return server;
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "orb-replay-http-"));
  });
  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("lists nothing, then what the store holds, newest first, with ?limit", async () => {
    const s = await start();
    assert.deepEqual((await getJson(`${s.httpUrl}/replays`)).body, { replays: [] });
    for (const n of [2, 3, 1]) await s.server.replays.put(replayMeta(n), replayFile(n, 500 + n));
    const all = await getJson(`${s.httpUrl}/replays`);
    assert.equal(all.status, 200);
    assert.deepEqual(listedIds(all.body), ["r-3", "r-2", "r-1"]);
    assert.deepEqual((all.body.replays as ReplayMeta[])[0], { ...replayMeta(3), bytes: 503 });
    assert.equal(all.headers.get("cache-control"), "no-store");
    assert.deepEqual(listedIds((await getJson(`${s.httpUrl}/replays?limit=2`)).body), ["r-3", "r-2"]);
    assert.equal(listedIds((await getJson(`${s.httpUrl}/replays?limit=200`)).body).length, 3);
  });

  it("refuses a bad limit with 400 INVALID_PAYLOAD", async () => {
    const s = server!;
    for (const query of ["limit=0", "limit=201", "limit=abc", "limit=1.5", "limit=-1", "limit=", "limit=1&limit=2"]) {
      const res = await getJson(`${s.httpUrl}/replays?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.code, ERROR_CODE.INVALID_PAYLOAD, query);
      assert.match(String(res.body.message), /limit/, query);
    }
  });

  it("downloads a replay as an immutable attachment, byte for byte", async () => {
    const s = server!;
    for (const path of ["/replays/r-2", "/replays/r-2.orbreplay"]) {
      const res = await fetch(`${s.httpUrl}${path}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), REPLAY_MEDIA_TYPE);
      assert.equal(res.headers.get("content-disposition"), 'attachment; filename="r-2.orbreplay"');
      assert.match(res.headers.get("cache-control") ?? "", /immutable/);
      assert.deepEqual(new Uint8Array(await res.arrayBuffer()), replayFile(2, 502));
    }
  });

  it("answers 400 for an id that cannot be one and 404 NOT_FOUND for an unknown one", async () => {
    const s = server!;
    for (const id of ["bad.id", "a%20b", "x".repeat(65), "%2e%2e%2fconfig", "caf%C3%A9"]) {
      const res = await getJson(`${s.httpUrl}/replays/${id}`);
      assert.equal(res.status, 400, id);
      assert.equal(res.body.code, ERROR_CODE.INVALID_PAYLOAD, id);
    }
    const missing = await getJson(`${s.httpUrl}/replays/no-such-replay`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, ERROR_CODE.NOT_FOUND);
    assert.equal(typeof missing.body.message, "string");
  });

  it("answers CORS like matchmaking: allowed page origins and non-browsers may read, other origins may not", async () => {
    const s = server!;
    const url = `${s.httpUrl}/replays`;
    assert.equal((await getJson(url)).headers.get("access-control-allow-origin"), "*");
    assert.equal((await getJson(url, { origin: "http://localhost:5173" })).headers.get("access-control-allow-origin"), "http://localhost:5173");
    assert.equal((await getJson(url, { origin: "https://elsewhere.example" })).headers.get("access-control-allow-origin"), null);
  });

  it("lists and serves the same replays after a restart on the same REPLAY_DIR", async () => {
    const s = await start();
    assert.deepEqual(listedIds((await getJson(`${s.httpUrl}/replays`)).body), ["r-3", "r-2", "r-1"]);
    assert.deepEqual(new Uint8Array(await (await fetch(`${s.httpUrl}/replays/r-1`)).arrayBuffer()), replayFile(1, 501));
  });

  it("limits requests per client address (REPLAY_REQUESTS_PER_MINUTE): 429 RATE_LIMITED with Retry-After", async () => {
    const s = await start({ REPLAY_REQUESTS_PER_MINUTE: "3" });
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${s.httpUrl}/replays/r-1`)).status, 200);
    const limited = await getJson(`${s.httpUrl}/replays`);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, ERROR_CODE.RATE_LIMITED);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
  });
});

describe("replays across processes on one Redis", function () {
  this.timeout(60_000);
  let redis: RedisServer;
  let a: TestServer;
  let b: GameProcess;
  before(async () => {
    redis = await RedisServer.start();
    const env = { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: "500" };
    [a, b] = await Promise.all([startTestServer({}, env), GameProcess.start(env)]);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.stop()]);
    await redis?.stop();
  });

  it("a replay put by one process is listed and downloaded from the other", async () => {
    await a.server.replays.put(replayMeta(1, "cross-1"), replayFile(1, 4000));
    await a.server.replays.put(replayMeta(2, "cross-2"), replayFile(2, 3000));
    const listed = await getJson(`${b.httpUrl}/replays`);
    assert.equal(listed.status, 200);
    assert.deepEqual(listedIds(listed.body), ["cross-2", "cross-1"]);
    const res = await fetch(`${b.httpUrl}/replays/cross-1`);
    assert.equal(res.status, 200);
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), replayFile(1, 4000));
    assert.equal((await getJson(`${b.httpUrl}/replays/cross-3`)).status, 404);
  });

  it("Redis down: 503 UNAVAILABLE (not 404, not a crash); served again once it is back", async () => {
    await redis.kill();
    try {
      for (const path of ["/replays/cross-1", "/replays"]) {
        const res = await getJson(`${b.httpUrl}${path}`);
        assert.equal(res.status, 503, path);
        assert.equal(res.body.code, ERROR_CODE.UNAVAILABLE, path);
        assert.equal(res.headers.get("retry-after"), "1");
      }
      assert.ok(b.running);
    } finally {
      await redis.boot();
    }
    // Redis came back empty (no persistence in the test): the replay is now unknown.
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && (status = (await fetch(`${b.httpUrl}/replays/cross-1`)).status) === 503) await new Promise((r) => setTimeout(r, 200));
    assert.equal(status, 404);
    await a.server.replays.put(replayMeta(3, "cross-3"), replayFile(3));
    assert.deepEqual(listedIds((await getJson(`${b.httpUrl}/replays`)).body), ["cross-3"]);
  });
});
