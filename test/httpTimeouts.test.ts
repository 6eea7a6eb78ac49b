import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { Bot } from "../bots/Bot.js";
import { ROOM } from "../shared/protocol.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

interface Held {
  socket: Socket;
  openedAt: number;
  /** Resolves with ms from connect to close, and what the server wrote first. */
  closed: Promise<{ afterMs: number; reply: string }>;
}

/** Opens a raw connection that sends `head` and then one more byte every `dripMs` (0 = nothing more). */
function hold(port: number, head: string, dripMs: number): Promise<Held> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    let drip: ReturnType<typeof setInterval> | undefined;
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (reply += d));
    socket.once("error", () => undefined);
    socket.once("connect", () => {
      const openedAt = Date.now();
      if (head) socket.write(head);
      if (dripMs > 0) drip = setInterval(() => socket.writable && socket.write("a"), dripMs);
      const closed = new Promise<{ afterMs: number; reply: string }>((done) =>
        socket.once("close", () => {
          clearInterval(drip);
          done({ afterMs: Date.now() - openedAt, reply });
        }),
      );
      resolve({ socket, openedAt, closed });
    });
    socket.once("error", reject);
  });
}

/** Resolves when every socket has closed, or rejects after `timeoutMs` naming how many are still open. */
async function allClosed(held: Held[], timeoutMs: number): Promise<{ afterMs: number; reply: string }[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${held.filter((h) => !h.socket.destroyed).length} of ${held.length} sockets still open after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.all(held.map((h) => h.closed)), timeout]);
  } finally {
    clearTimeout(timer);
    for (const h of held) h.socket.destroy();
  }
}

const summary = (results: { afterMs: number }[]) => {
  const ms = results.map((r) => r.afterMs).sort((a, b) => a - b);
  return { min: ms[0]!, median: ms[Math.floor(ms.length / 2)]!, max: ms[ms.length - 1]! };
};

describe("HTTP timeouts: slow or idle connections are closed, the server keeps answering", function () {
  this.timeout(30_000);
  let server: TestServer;
  let port: number;
  before(async () => {
    server = await startTestServer({}, { HTTP_HEADERS_TIMEOUT_SECONDS: "1", HTTP_REQUEST_TIMEOUT_SECONDS: "2", HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: "1" });
    port = Number(new URL(server.httpUrl).port);
  });
  after(() => server.close());

  it("closes 200 sockets sending headers a byte at a time, and 50 silent ones, within the headers timeout", async () => {
    const player = await Bot.join(server.url, { kind: "create" }, { name: "Steady" });
    const slow = await Promise.all(Array.from({ length: 200 }, () => hold(port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ", 200)));
    const silent = await Promise.all(Array.from({ length: 50 }, () => hold(port, "", 0)));
    // While they are held, others are served.
    assert.equal((await fetch(`${server.httpUrl}/health`)).status, 200);
    const slowClosed = await allClosed(slow, 6000);
    const silentClosed = await allClosed(silent, 6000);
    const s = summary(slowClosed);
    const q = summary(silentClosed);
    console.log(`      [timeouts] headers timeout 1 s: 200 slow-header sockets closed after ${s.min}–${s.max} ms (median ${s.median}); 50 silent sockets after ${q.min}–${q.max} ms`);
    assert.ok(slowClosed.every((r) => r.reply.startsWith("HTTP/1.1 408")), "slow senders are answered 408");
    assert.ok(s.max < 2500 && q.max < 2500, "closed soon after the 1 s headers timeout");
    assert.ok(s.min >= 900, "not before the timeout");
    assert.equal((await fetch(`${server.httpUrl}/health`)).status, 200, "the server still answers");
    // WebSockets are past the request phase: the player is still in the room and chats.
    const ack = await player.chat("still here");
    await player.waitFor(() => player.chats.some((m) => m.id === ack.id), 2000, "chat still works");
    await player.leave();
  });

  it("closes a request whose body trickles in, within the request timeout", async () => {
    const rooms = (await (await fetch(`${server.httpUrl}/health`)).json()) as { rooms: number };
    const head = `POST /matchmake/create/${ROOM.ARENA} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"name":"`;
    const slowBodies = await Promise.all(Array.from({ length: 20 }, () => hold(port, head, 200)));
    const closed = await allClosed(slowBodies, 6000);
    const s = summary(closed);
    console.log(`      [timeouts] request timeout 2 s: 20 slow-body requests closed after ${s.min}–${s.max} ms`);
    assert.ok(s.min >= 1900 && s.max < 3500, `closed at the request timeout (${s.min}–${s.max} ms)`);
    assert.ok(closed.every((r) => r.reply.startsWith("HTTP/1.1 408")), "answered 408");
    const after = (await (await fetch(`${server.httpUrl}/health`)).json()) as { rooms: number };
    assert.equal(after.rooms, rooms.rooms, "no room from a request that never finished");
  });

  it("closes an idle kept-alive connection after the keep-alive timeout", async () => {
    const idle = await hold(port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 0);
    const [result] = await allClosed([idle], 5000);
    console.log(`      [timeouts] keep-alive timeout 1 s: idle connection closed after ${result!.afterMs} ms`);
    assert.match(result!.reply, /^HTTP\/1.1 200/);
    assert.ok(result!.afterMs >= 900 && result!.afterMs < 3000, `closed after ${result!.afterMs} ms`);
  });
});
