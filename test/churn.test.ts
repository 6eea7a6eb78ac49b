import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Bot } from "../bots/Bot.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const ROOMS = 1000;
const WORKERS = 10;
/** Heap growth tolerated after 1,000 rooms came and went (forced GC both sides). */
const HEAP_BOUND_BYTES = 8 * 1024 * 1024;

async function settledHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc, "run with --expose-gc (set in .mocharc.json)");
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/** Rooms hosted here reach `count` (rooms dispose asynchronously after their last player leaves). */
async function roomsSettleTo(count: number, timeoutMs = 10_000) {
  const deadline = performance.now() + timeoutMs;
  while (matchMaker.stats.local.roomCount !== count) {
    if (performance.now() > deadline) throw new Error(`still ${matchMaker.stats.local.roomCount} rooms, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("room churn", function () {
  this.timeout(120_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  async function cycle(i: number) {
    const host = await Bot.join(server.url, { kind: "create" }, { name: `h${i}` });
    const guest = await Bot.join(server.url, { kind: "id", roomId: host.roomId }, { name: `g${i}` });
    if (i % 10 === 0) await host.chat(`hello ${i}`);
    await Promise.all([guest.leave(), host.leave()]);
  }

  async function run(total: number) {
    let next = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < total) await cycle(next++);
      }),
    );
  }

  it(`creates and disposes ${ROOMS} rooms with players joining and leaving, and gives the memory back`, async () => {
    await run(300); // warm-up: code paths compiled, caches and pools filled
    await roomsSettleTo(0);
    const before = await settledHeap();
    const started = performance.now();
    await run(ROOMS);
    const seconds = (performance.now() - started) / 1000;
    await roomsSettleTo(0);
    const after = await settledHeap();
    const growth = after - before;
    console.log(
      `      [measured] ${ROOMS} rooms in ${seconds.toFixed(1)} s; heap ${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MiB (${growth >= 0 ? "+" : ""}${(growth / 2 ** 20).toFixed(2)} MiB)`,
    );
    assert.equal(matchMaker.stats.local.ccu, 0);
    assert.ok(growth < HEAP_BOUND_BYTES, `heap grew by ${(growth / 2 ** 20).toFixed(1)} MiB`);
  });
});
