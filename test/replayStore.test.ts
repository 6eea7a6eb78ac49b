/**
 * The replay stores (server/platform/replay/): on disk and in a real redis-server. Put, list newest
 * first, get; retention by count and by bytes; the disk store read back after a restart and a
 * corrupt index entry; Redis: two stores (two processes) trimming at once stay within the limits,
 * and a dead Redis answers "nothing" without throwing.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import type { ReplayMeta } from "../shared/replay/meta.js";
import { loadConfig } from "../server/config.js";
import { RedisServer } from "../server/launch/redisServer.js";
import { RedisSentinelSet } from "../server/launch/redisSentinel.js";
import { freePort } from "../server/launch/freePort.js";
import { DiskReplayStore } from "../server/platform/replay/diskStore.js";
import { REPLAY_KEYS, RedisReplayStore } from "../server/platform/replay/redisStore.js";
import type { ReplayLimits, ServedReplayStore } from "../server/platform/replay/served.js";
import { captureLogs } from "./helpers/logCapture.js";
import { replayFile, replayMeta } from "./helpers/replayFixtures.js";

const LIMITS: ReplayLimits = { keepCount: 5, keepBytes: 10_000, maxFileBytes: 2000 };
const ids = (metas: ReplayMeta[]) => metas.map((m) => m.id);

/** The cases both stores pass; `open` makes a store on the same storage (a restart, or another process). */
function storeContract(open: (limits: ReplayLimits) => ServedReplayStore, clear: () => Promise<void>) {
  const stores: ServedReplayStore[] = [];
  const make = (limits = LIMITS) => {
    const store = open(limits);
    stores.push(store);
    return store;
  };
  beforeEach(clear);
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it("keeps a replay: listed newest first with its size, downloaded byte for byte", async () => {
    const store = make();
    await store.put(replayMeta(2), replayFile(2, 300));
    await store.put(replayMeta(1), replayFile(1, 200));
    await store.put(replayMeta(3), replayFile(3, 100));
    const listed = await store.list(10);
    assert.deepEqual(ids(listed), ["r-3", "r-2", "r-1"]);
    assert.deepEqual(listed.map((m) => m.bytes), [100, 300, 200]);
    assert.deepEqual(listed[1], { ...replayMeta(2), bytes: 300 });
    assert.deepEqual(ids(await store.list(2)), ["r-3", "r-2"]);
    assert.deepEqual(await store.get("r-2"), replayFile(2, 300));
    assert.equal(await store.get("r-9"), undefined);
    assert.equal(await store.find("r-9"), "missing");
    assert.equal(await store.find("../etc/passwd"), "missing");
  });

  it("refuses an oversized or empty file and a bad id, without throwing", async () => {
    const store = make();
    await store.put(replayMeta(1), replayFile(1, LIMITS.maxFileBytes + 1));
    await store.put(replayMeta(2), new Uint8Array(0));
    await store.put(replayMeta(3, "../../x"), replayFile(3));
    assert.deepEqual(await store.list(10), []);
  });

  it("keeps at most keepCount replays, the oldest removed first", async () => {
    const store = make();
    for (const n of [4, 1, 6, 2, 7, 3, 5]) await store.put(replayMeta(n), replayFile(n));
    assert.deepEqual(ids(await store.list(50)), ["r-7", "r-6", "r-5", "r-4", "r-3"]);
    assert.equal(await store.get("r-2"), undefined);
    assert.deepEqual(await store.get("r-3"), replayFile(3));
  });

  it("keeps at most keepBytes bytes of files, the oldest removed first", async () => {
    const store = make({ keepCount: 100, keepBytes: 5000, maxFileBytes: 2000 });
    for (let n = 1; n <= 6; n++) await store.put(replayMeta(n), replayFile(n, 1500));
    const listed = await store.list(50);
    assert.deepEqual(ids(listed), ["r-6", "r-5", "r-4"]);
    assert.ok(listed.reduce((sum, m) => sum + m.bytes, 0) <= 5000);
    await store.put(replayMeta(7), replayFile(7, 2000)); // 1500 * 3 + 2000 > 5000: two go
    assert.deepEqual(ids(await store.list(50)), ["r-7", "r-6", "r-5"]);
  });

  it("is read back by a new store on the same storage (a restart, another process)", async () => {
    const first = make();
    await first.put(replayMeta(1), replayFile(1));
    await first.put(replayMeta(2), replayFile(2));
    await first.close();
    const second = make();
    assert.deepEqual(ids(await second.list(10)), ["r-2", "r-1"]);
    assert.deepEqual(await second.get("r-1"), replayFile(1));
  });
}

describe("replay store on disk", function () {
  this.timeout(20_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "orb-replays-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const logs = captureLogs("debug");
  const subdir = () => join(dir, "store");

  storeContract(
    (limits) => new DiskReplayStore(subdir(), limits, logs.logger),
    () => rm(subdir(), { recursive: true, force: true }),
  );

  it("creates its directory on demand and keeps one file plus one index entry per replay", async () => {
    const nested = join(dir, "a", "b");
    const store = new DiskReplayStore(nested, LIMITS, logs.logger);
    await store.put(replayMeta(1), replayFile(1));
    assert.deepEqual((await readdir(nested)).sort(), ["r-1.json", "r-1.orbreplay"]);
    await store.close();
  });

  it("drops a corrupt or incomplete index entry at start, logs it, and keeps the rest", async () => {
    const path = join(dir, "corrupt");
    const store = new DiskReplayStore(path, LIMITS, logs.logger);
    for (let n = 1; n <= 4; n++) await store.put(replayMeta(n), replayFile(n));
    await store.close();
    await writeFile(join(path, "r-2.json"), '{"id":"r-2","game":'); // truncated JSON
    await writeFile(join(path, "r-3.json"), JSON.stringify({ id: "r-3", hello: 1 })); // not a ReplayMeta
    await rm(join(path, "r-4.orbreplay")); // meta without its file
    await writeFile(join(path, "r-9.orbreplay"), replayFile(9)); // file without meta (crash between writes)
    await writeFile(join(path, "r-8.json.123.1.tmp"), "{"); // crash mid-write

    const reopened = new DiskReplayStore(path, LIMITS, logs.logger);
    assert.deepEqual(ids(await reopened.list(10)), ["r-1"]);
    assert.equal(await reopened.get("r-2"), undefined);
    assert.deepEqual((await readdir(path)).sort(), ["r-1.json", "r-1.orbreplay"]);
    await logs.waitFor((l) => l.event === "replay_index_corrupt" && l.id === "r-2");
    await reopened.put(replayMeta(5), replayFile(5)); // still works
    assert.deepEqual(ids(await reopened.list(10)), ["r-5", "r-1"]);
    await reopened.close();
  });

  it("degrades without throwing when its directory cannot be created", async () => {
    const blocker = join(dir, "blocker");
    await writeFile(blocker, "a file where the directory should be");
    const store = new DiskReplayStore(join(blocker, "replays"), LIMITS, logs.logger);
    await store.put(replayMeta(1), replayFile(1));
    assert.deepEqual(await store.list(10), []);
    assert.equal(await store.get("r-1"), undefined);
    assert.equal(await store.find("r-1"), "unavailable");
    await store.close();
    await logs.waitFor((l) => l.event === "replay_dir_unusable");
  });

  it("a listed replay whose file was removed by hand is a 404, not an error", async () => {
    const path = join(dir, "removed");
    const store = new DiskReplayStore(path, LIMITS, logs.logger);
    await store.put(replayMeta(1), replayFile(1));
    await rm(join(path, "r-1.orbreplay"));
    assert.equal(await store.find("r-1"), "missing");
    assert.deepEqual(await store.list(10), []);
    await store.close();
  });
});

describe("replay store in Redis", function () {
  this.timeout(30_000);
  let redis: RedisServer;
  let inspect: Redis;
  const logs = captureLogs("debug");
  const timeouts = loadConfig({ REDIS_COMMAND_TIMEOUT_MS: "500" }).redis;
  before(async () => {
    redis = await RedisServer.start();
    inspect = new Redis(redis.url);
    inspect.on("error", () => undefined); // the last case kills Redis on purpose
  });
  after(async () => {
    inspect?.disconnect();
    await redis?.stop();
  });

  storeContract(
    (limits) => RedisReplayStore.connect({ url: redis.url }, timeouts, limits, logs.logger),
    async () => void (await inspect.flushall()),
  );

  it("keeps its entries under one prefix: a sorted set by start time and two hashes", async () => {
    await inspect.flushall();
    const store = RedisReplayStore.connect({ url: redis.url }, timeouts, LIMITS, logs.logger);
    await store.put(replayMeta(1), replayFile(1));
    assert.deepEqual((await inspect.keys("*")).sort(), [REPLAY_KEYS.bytes, REPLAY_KEYS.files, REPLAY_KEYS.index, REPLAY_KEYS.meta].sort());
    assert.equal(Number(await inspect.zscore(REPLAY_KEYS.index, "r-1")), Date.parse(replayMeta(1).startedAt));
    await store.close();
  });

  it("two processes putting at once stay within the count and byte limits, index and hashes consistent", async () => {
    await inspect.flushall();
    const limits = { keepCount: 10, keepBytes: 12_000, maxFileBytes: 2000 };
    const a = RedisReplayStore.connect({ url: redis.url }, timeouts, limits, logs.logger);
    const b = RedisReplayStore.connect({ url: redis.url }, timeouts, limits, logs.logger);
    await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).put(replayMeta(i + 1), replayFile(i + 1, 1000 + (i % 7) * 100))));
    const listed = await a.list(200);
    assert.ok(listed.length <= 10, `kept ${listed.length}`);
    assert.ok(listed.reduce((sum, m) => sum + m.bytes, 0) <= 12_000);
    assert.equal(listed[0]!.id, "r-60");
    const [zcard, metas, files] = await Promise.all([inspect.zcard(REPLAY_KEYS.index), inspect.hlen(REPLAY_KEYS.meta), inspect.hlen(REPLAY_KEYS.files)]);
    assert.deepEqual([zcard, metas, files], [listed.length, listed.length, listed.length]);
    assert.equal(Number(await inspect.get(REPLAY_KEYS.bytes)), listed.reduce((sum, m) => sum + m.bytes, 0), "the running byte total is the files' sum");
    assert.deepEqual(ids(await b.list(200)), ids(listed));
    await Promise.all([a.close(), b.close()]);
  });

  it("a dead Redis: put, list and get answer nothing (get: unavailable, not missing) within the command timeout, and nothing throws", async () => {
    const store = RedisReplayStore.connect({ url: `redis://127.0.0.1:${await freePort()}` }, timeouts, LIMITS, logs.logger);
    const started = performance.now();
    await store.put(replayMeta(1), replayFile(1));
    assert.deepEqual(await store.list(10), []);
    assert.equal(await store.recent(10), "unavailable");
    assert.equal(await store.get("r-1"), undefined);
    assert.equal(await store.find("r-1"), "unavailable");
    assert.ok(performance.now() - started < 10_000);
    await store.close();
    await logs.waitFor((l) => l.event === "replay_store_failed");
  });

  it("Redis killed under a running store: unavailable, then answers again when it is back", async () => {
    await inspect.flushall();
    const store = RedisReplayStore.connect({ url: redis.url }, timeouts, LIMITS, logs.logger);
    await store.put(replayMeta(1), replayFile(1));
    await redis.kill();
    try {
      assert.equal(await store.find("r-1"), "unavailable");
      assert.equal(await store.recent(5), "unavailable");
    } finally {
      await redis.boot();
    }
    // An empty Redis after the restart: the replay is gone (no persistence here), and it is a 404 again.
    const deadline = Date.now() + 10_000;
    while ((await store.find("r-1")) === "unavailable" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await store.find("r-1"), "missing");
    await store.put(replayMeta(2), replayFile(2));
    assert.deepEqual(ids(await store.list(5)), ["r-2"]);
    await store.close();
  });
});

describe("replay store through Redis Sentinel", function () {
  this.timeout(60_000);
  let set: RedisSentinelSet;
  before(async () => {
    set = await RedisSentinelSet.start();
  });
  after(async () => {
    await set?.stop();
  });

  it("finds the master through the sentinels (the backplane's connection options) and keeps replays there", async () => {
    const config = loadConfig(set.env);
    const store = RedisReplayStore.connect({ sentinel: config.redisSentinel! }, config.redis, LIMITS, captureLogs().logger);
    await store.put(replayMeta(1), replayFile(1));
    assert.deepEqual(ids(await store.list(5)), ["r-1"]);
    assert.deepEqual(await store.get("r-1"), replayFile(1));
    const master = new Redis(set.master.url);
    assert.equal(await master.zcard(REPLAY_KEYS.index), 1);
    master.disconnect();
    await store.close();
  });
});
