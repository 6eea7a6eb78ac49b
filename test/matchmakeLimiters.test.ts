/**
 * The per-address limiters' memory is bounded: entries end, and at most the configured number of
 * addresses is remembered. Driven with a clock of the test's own, so minutes pass at once.
 */
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../server/config.js";
import { addressKey, UNKNOWN_ADDRESS } from "../server/platform/scale/addressKey.js";
import { KeyedBuckets } from "../server/platform/scale/keyedBuckets.js";
import { SeatLedger } from "../server/platform/scale/seatLedger.js";

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc, "run with --expose-gc (set in .mocharc.json)");
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe("matchmaking limiters: keys and memory", () => {
  it("reads the limits from the environment, with defaults, and refuses bad values", () => {
    assert.deepEqual(loadConfig({}).matchmaking, {
      roomCreatesPerMinute: 20,
      pendingSeatsPerAddress: 8,
      roomCodeMissesPerMinute: 20,
      maxRoomsPerProcess: 1000,
      seatReservationSeconds: 10,
      trackedAddresses: 50_000,
    });
    const set = loadConfig({ ROOM_CREATES_PER_MINUTE: "5", PENDING_SEATS_PER_ADDRESS: "3", ROOM_CODE_MISSES_PER_MINUTE: "7", MAX_ROOMS_PER_PROCESS: "40", SEAT_RESERVATION_SECONDS: "4", MATCHMAKE_TRACKED_ADDRESSES: "500" });
    assert.deepEqual(set.matchmaking, { roomCreatesPerMinute: 5, pendingSeatsPerAddress: 3, roomCodeMissesPerMinute: 7, maxRoomsPerProcess: 40, seatReservationSeconds: 4, trackedAddresses: 500 });
    assert.ok(Object.isFrozen(set.matchmaking));
    for (const [key, value] of [["ROOM_CREATES_PER_MINUTE", "0"], ["PENDING_SEATS_PER_ADDRESS", "-1"], ["MAX_ROOMS_PER_PROCESS", "lots"], ["SEAT_RESERVATION_SECONDS", "1"], ["MATCHMAKE_TRACKED_ADDRESSES", "10"]]) {
      assert.throws(() => loadConfig({ [key!]: value }), (err: unknown) => err instanceof ConfigError && err.message.includes(key!), `${key}=${value}`);
    }
  });

  it("keys addresses: IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by /64, a missing one as the shared 'unknown'", () => {
    assert.equal(addressKey("203.0.113.9"), "203.0.113.9");
    assert.equal(addressKey("::ffff:203.0.113.9"), "203.0.113.9");
    assert.equal(addressKey("0:0:0:0:0:ffff:203.0.113.9"), "203.0.113.9");
    assert.equal(addressKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
    assert.equal(addressKey("2001:0db8:0001:0002:ffff:1:2:3"), "2001:db8:1:2::/64");
    assert.equal(addressKey("[2001:db8:1:2::9]"), "2001:db8:1:2::/64");
    assert.equal(addressKey("::1"), "0:0:0:0::/64");
    assert.equal(addressKey(undefined), UNKNOWN_ADDRESS);
    assert.equal(addressKey(""), UNKNOWN_ADDRESS);
  });

  it("token buckets: a burst, then the rate; refilled buckets are forgotten; never more than the cap of keys", () => {
    let now = 0;
    const MAX_KEYS = 10_000;
    const buckets = new KeyedBuckets(20, MAX_KEYS, () => now);
    for (let i = 0; i < 20; i++) assert.equal(buckets.take("a"), true);
    assert.equal(buckets.take("a"), false);
    assert.equal(buckets.retryAfterSeconds("a"), 3, "20 a minute: one every 3 s");
    now += 3000;
    assert.equal(buckets.take("a"), true);
    assert.equal(buckets.take("a"), false);

    const before = heapAfterGc();
    let largest = 0;
    for (let i = 0; i < 200_000; i++) {
      buckets.take(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      if (i % 1000 === 0) now += 1; // time moves on a little
      largest = Math.max(largest, buckets.size);
    }
    const grown = heapAfterGc() - before;
    console.log(`      [measured] 200,000 addresses: at most ${largest} buckets kept (cap ${MAX_KEYS}), heap +${(grown / 2 ** 20).toFixed(1)} MiB`);
    assert.ok(largest <= MAX_KEYS);
    assert.ok(grown < 8 * 2 ** 20, `heap grew ${grown} bytes`);
    now += 61_000; // a minute later every bucket has refilled: the next use sweeps them all
    buckets.take("b");
    assert.equal(buckets.size, 1);
  });

  it("seat ledger: a cap per address, slots end with the reservation time, and at most the cap of addresses", async () => {
    let now = 0;
    const stillReserved = new Set<string>();
    const ledger = new SeatLedger(3, 10_000, 5_000, async (_roomId, sessionId) => stillReserved.has(sessionId), () => now);
    const slots = [];
    for (let i = 0; i < 3; i++) {
      const slot = (await ledger.acquire("a"))!;
      ledger.settle("a", slot, { roomId: "ROOM01", sessionId: `s${i}` });
      stillReserved.add(`s${i}`);
      slots.push(slot);
    }
    assert.equal(await ledger.acquire("a"), undefined, "three unused reservations: the fourth is refused");
    stillReserved.delete("s0"); // its client connected
    now += 1000; // rooms are asked again at most once a second per reservation
    assert.ok(await ledger.acquire("a"), "a used reservation no longer counts");
    assert.equal(await ledger.acquire("a"), undefined);
    now += 10_001; // the room's reservation time has passed
    assert.equal(ledger.held("a"), 0);

    let largest = 0;
    for (let i = 0; i < 50_000; i++) {
      const key = `10.1.${(i >> 8) & 255}.${i & 255}-${i}`;
      const slot = (await ledger.acquire(key))!;
      ledger.settle(key, slot, { roomId: "ROOM01", sessionId: `x${i}` });
      largest = Math.max(largest, ledger.size);
    }
    console.log(`      [measured] 50,000 addresses with an unused seat each: at most ${largest} tracked (cap 5,000)`);
    assert.ok(largest <= 5_000);
    now += 20_000;
    await ledger.acquire("b");
    assert.equal(ledger.size, 1, "ended slots are swept");
  });
});
