/**
 * The Redis room listing each process keeps in memory (ListingRedisDriver + ListingMirror):
 * two drivers on a real redis-server, as two processes would hold them.
 */
import assert from "node:assert/strict";
import { initializeRoomCache, type IRoomCache } from "@colyseus/core";
import { Redis } from "ioredis";
import { ListingMirror, type ListingChange } from "../server/platform/scale/listingMirror.js";
import { ListingRedisDriver } from "../server/platform/scale/redisDriver.js";
import { RedisServer } from "../server/launch/redisServer.js";

const listing = (roomId: string, processId: string, clients = 1): IRoomCache =>
  initializeRoomCache({ roomId, processId, name: "arena", clients, maxClients: 16, metadata: { private: false } });

describe("room listing in memory", function () {
  this.timeout(30_000);

  describe("ListingMirror", () => {
    it("replays changes that arrive during a full read on top of its result", async () => {
      const mirror = new ListingMirror();
      let answer!: (rows: Record<string, string>) => void;
      const done = mirror.resync(() => new Promise<Record<string, string>>((resolve) => (answer = resolve)));
      assert.equal(mirror.ready, false);
      // Executed in Redis after the read, delivered before its reply:
      mirror.apply({ op: "set", roomId: "B", raw: JSON.stringify(listing("B", "p2")) });
      mirror.apply({ op: "del", roomId: "A" });
      answer({ A: JSON.stringify(listing("A", "p1")), C: JSON.stringify(listing("C", "p1", 7)) });
      await done;
      assert.equal(mirror.ready, true);
      assert.deepEqual(mirror.all().map((room) => room.roomId).sort(), ["B", "C"]);
      assert.equal(mirror.all().find((room) => room.roomId === "C")!.clients, 7);
    });

    it("never hands a caller a read that was in flight before it asked: it reads again after it", async () => {
      const mirror = new ListingMirror();
      const answers: Array<(rows: Record<string, string>) => void> = [];
      const read = () => new Promise<Record<string, string>>((resolve) => answers.push(resolve));
      const first = mirror.resync(read);
      const second = mirror.resync(read);
      const third = mirror.resync(read);
      assert.equal(answers.length, 1, "one read at a time");
      answers[0]!({ OLD: JSON.stringify(listing("OLD", "p1")) });
      await first;
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.equal(answers.length, 2, "the later callers get a read of their own, shared between them");
      answers[1]!({ NEW: JSON.stringify(listing("NEW", "p1")) });
      await Promise.all([second, third]);
      assert.deepEqual(mirror.all().map((room) => room.roomId), ["NEW"]);
    });

    it("skips and reports a stored listing it cannot read", async () => {
      const bad: string[] = [];
      const mirror = new ListingMirror((roomId) => bad.push(roomId));
      await mirror.resync(async () => ({ GOOD: JSON.stringify(listing("GOOD", "p1")), BAD: "{not json" }));
      assert.deepEqual(mirror.all().map((room) => room.roomId), ["GOOD"]);
      assert.deepEqual(bad, ["BAD"]);
    });

    it("drops what a full read no longer has (a removal it missed)", async () => {
      const mirror = new ListingMirror();
      mirror.apply({ op: "set", roomId: "gone", raw: JSON.stringify(listing("gone", "p1")) });
      await mirror.resync(async () => ({ kept: JSON.stringify(listing("kept", "p1")) }));
      assert.deepEqual(mirror.all().map((room) => room.roomId), ["kept"]);
    });
  });

  describe("ListingRedisDriver on a real Redis", () => {
    let redis: RedisServer;
    let a: ListingRedisDriver;
    let b: ListingRedisDriver;
    let direct: Redis;
    const errors: unknown[] = [];
    const driver = () => new ListingRedisDriver(redis.url, { onError: (_what, err) => errors.push(err), resyncEveryMs: 60_000 });

    /** Resolves when `on` has applied a change from another process matching `match`. */
    const applied = (on: ListingRedisDriver, match: (change: ListingChange) => boolean, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => (off(), reject(new Error(`no matching listing change within ${timeoutMs} ms`))), timeoutMs);
        const off = on.onRemoteChange((change) => {
          if (!match(change)) return;
          clearTimeout(timer);
          off();
          resolve();
        });
      });
    const ids = async (on: ListingRedisDriver) => (await on.query({ name: "arena" })).map((room) => room.roomId).sort();

    before(async () => {
      redis = await RedisServer.start();
      direct = new Redis(redis.url);
      a = driver();
      b = driver();
      await Promise.all([a.boot(), b.boot()]);
    });
    after(async () => {
      await Promise.all([a?.shutdown(), b?.shutdown()]);
      direct?.disconnect();
      await redis?.stop();
    });

    it("shows a room stored by one process to another, with its seat count, and forgets it when removed", async () => {
      const room = listing("R1", "pa");
      let seen = applied(b, (c) => c.op === "set" && c.roomId === "R1");
      await a.persist(room);
      await seen;
      assert.deepEqual(await ids(b), ["R1"]);
      assert.equal(await direct.hexists("roomcaches", "R1"), 1, "the hash Colyseus reads by id has it too");

      seen = applied(b, (c) => c.op === "set" && c.roomId === "R1" && JSON.parse(c.raw).clients === 4);
      await a.update(room, { $inc: { clients: 3 } });
      await seen;
      assert.equal((await b.findOne({ name: "arena", locked: false }))!.clients, 4);
      assert.equal((await a.findOne({ roomId: "R1" }))!.clients, 4, "by id: read from Redis after the unawaited seat write");

      seen = applied(b, (c) => c.op === "del" && c.roomId === "R1");
      assert.equal(await a.remove("R1"), true);
      await seen;
      assert.deepEqual(await ids(b), []);
      assert.deepEqual(await ids(a), []);
      assert.equal(await direct.hexists("roomcaches", "R1"), 0);
      assert.deepEqual(errors, []);
    });

    it("sorts and filters as Colyseus' driver does, and hands out copies", async () => {
      await Promise.all([a.persist(listing("S1", "pa", 3)), a.persist(listing("S2", "pa", 9)), a.persist({ ...listing("S3", "pa", 12), locked: true })]);
      const best = await a.findOne({ name: "arena", locked: false }, { clients: -1 });
      assert.equal(best!.roomId, "S2");
      best!.clients = 99;
      (best!.metadata as Record<string, unknown>).private = true;
      const again = await a.findOne({ name: "arena", locked: false }, { clients: -1 });
      assert.equal(again!.clients, 9);
      assert.deepEqual(again!.metadata, { private: false });
      assert.equal(await a.findOne({ name: "arena", locked: false, clients: 1234 }), undefined);
      await Promise.all(["S1", "S2", "S3"].map((id) => a.remove(id)));
    });

    it("picks up at its next full read a listing written by a process that does not publish changes", async () => {
      await direct.hset("roomcaches", "OLD", JSON.stringify(listing("OLD", "legacy")));
      assert.equal((await ids(b)).includes("OLD"), false, "not published: not seen yet");
      await b.resync();
      assert.equal((await ids(b)).includes("OLD"), true);
      await direct.hdel("roomcaches", "OLD");
      await b.resync();
      assert.equal((await ids(b)).includes("OLD"), false);
    });

    it("removes a dead process's listings everywhere (cleanup reads the hash and its own copy)", async () => {
      const listed = applied(b, (c) => c.op === "set" && c.roomId === "L1");
      await Promise.all([a.persist(listing("D1", "dead")), a.persist(listing("D2", "dead")), a.persist(listing("L1", "live"))]);
      await listed;
      await direct.hset("roomcaches", "D3", JSON.stringify(listing("D3", "dead"))); // in the hash only
      const gone = applied(a, (c) => c.op === "del" && c.roomId === "D2");
      await b.cleanup("dead");
      await gone;
      assert.deepEqual(await direct.hkeys("roomcaches"), ["L1"]);
      assert.deepEqual(await ids(a), ["L1"]);
      assert.deepEqual(await ids(b), ["L1"]);

      // A listing only the copy still has (its removal was missed) goes too.
      await a.persist(listing("GHOST", "dead2"));
      await direct.hdel("roomcaches", "GHOST"); // removed without a change message
      assert.equal((await ids(a)).includes("GHOST"), true);
      await a.cleanup("dead2");
      assert.equal((await ids(a)).includes("GHOST"), false);
      await a.remove("L1");
    });
  });
});
