import assert from "node:assert/strict";
import { Bot } from "../bots/Bot.js";
import { captureLogs } from "./helpers/logCapture.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { startStallProxy, type StallProxy } from "./helpers/stallProxy.js";

const LIMIT_BYTES = 64 * 1024;

describe("slow consumers", function () {
  this.timeout(60_000);
  let server: TestServer;
  let proxy: StallProxy;
  const logs = captureLogs();
  before(async () => {
    // Chat limits lifted so one bot can push megabytes through the room quickly.
    server = await startTestServer({}, {
      SLOW_CLIENT_MAX_BUFFERED_BYTES: String(LIMIT_BYTES),
      CHAT_RATE_MAX_MESSAGES: "100000",
      DUPLICATE_CHAT_WINDOW_SECONDS: "0",
      MAX_MESSAGES_PER_SECOND: "1000000",
    }, logs.logger);
    proxy = await startStallProxy(Number(new URL(server.httpUrl).port));
  });
  after(async () => {
    await proxy.close();
    await server.close();
  });

  it("drops a client that stops reading once its unsent bytes pass the limit; the others play on", async () => {
    const talker = await Bot.join(server.url, { kind: "create" }, { name: "Talker" });
    const slow = await Bot.join(`ws://127.0.0.1:${proxy.port}`, { kind: "id", roomId: talker.roomId }, { name: "Slow" });
    proxy.stall();

    const text = "x".repeat(280);
    let sent = 0;
    let dropped: Record<string, unknown> | undefined;
    logs.waitFor((l) => l.event === "slow_client_dropped", 50_000).then((line) => (dropped = line), () => undefined);
    const deadline = performance.now() + 40_000;
    while (!dropped && performance.now() < deadline) {
      await Promise.all(Array.from({ length: 200 }, (_, i) => talker.chat(`${text.slice(0, 270)} ${sent + i}`)));
      sent += 200;
    }
    assert.ok(dropped, `slow client not dropped after ${sent} messages`);
    assert.equal(dropped.sessionId, slow.sessionId);
    const buffered = dropped.bufferedBytes as number;
    console.log(`      [measured] slow client dropped with ${(buffered / 1024).toFixed(0)} KiB unsent (limit ${LIMIT_BYTES / 1024} KiB) after ${sent} chat messages`);
    // Checked twice a second: at most half a second of traffic beyond the limit.
    assert.ok(buffered > LIMIT_BYTES && buffered < LIMIT_BYTES + 4 * 1024 * 1024, `${buffered} bytes`);
    await talker.waitFor(() => talker.state.players.get(slow.sessionId)?.connected !== true, 3000, "slow client gone");
    const ack = await talker.chat("still talking");
    assert.equal(typeof ack.id, "number");
    await talker.leave();
  });
});
