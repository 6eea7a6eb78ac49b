import assert from "node:assert/strict";
import { createServer, request } from "node:http";
import { connect } from "node:net";
import { matchMaker } from "@colyseus/core";
import { Bot } from "../bots/Bot.js";
import { loadConfig } from "../server/config.js";
import { createAddressStamp, stampUpgrades } from "../server/platform/http/addressStamp.js";
import { installMatchmakeGate } from "../server/platform/http/matchmakeGate.js";
import { createOriginPolicy } from "../server/platform/http/origins.js";
import { createLogger } from "../server/logger.js";
import { MATCHMAKE_ERROR, ROOM } from "../shared/protocol.js";
import { GameProcess } from "./helpers/gameProcess.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { code?: number; error?: string; roomId?: string; sessionId?: string };
  /** Bytes of the request body written before the answer came. */
  sent: number;
}

/**
 * POSTs with node:http (the path is sent exactly as given). `body` is written whole, or, for
 * `stream`, in chunks of `chunk` bytes until `total` are sent or the server answers.
 */
function post(base: string, path: string, headers: Record<string, string>, body: string | Buffer | { stream: true; chunk: number; total: number }): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request({ host: url.hostname, port: url.port, path, method: "POST", headers }, (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Answer["body"]) : {}, sent }));
    });
    req.on("error", (err) => (answered ? undefined : reject(err)));
    if (typeof body === "string" || Buffer.isBuffer(body)) {
      sent = Buffer.byteLength(body);
      req.end(body);
      return;
    }
    const chunk = Buffer.alloc(body.chunk, 0x20);
    const pump = () => {
      while (!answered && sent < body.total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

const JSON_TYPE = { "Content-Type": "application/json" };
const arenaRooms = () => matchMaker.stats.local.roomCount;

function assertRefused(answer: Answer, name: keyof typeof MATCHMAKE_ERROR | "INVALID_OPTIONS", status: number): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal(answer.body.code, status);
  assert.match(answer.body.error ?? "", new RegExp(`^${name}: `));
  assert.equal(answer.headers["content-type"], "application/json");
  // The CORS headers Colyseus sends with every matchmaking answer.
  assert.equal(answer.headers["access-control-allow-credentials"], "true");
}

describe("matchmaking gate: only small JSON from allowed origins, only known options", function () {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it("refuses a form post from another site's page with 403 before anything happens", async () => {
    const rooms = arenaRooms();
    const form = await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.com" }, "name=x");
    assertRefused(form, "ORIGIN_NOT_ALLOWED", 403);
    assert.equal(form.headers["access-control-allow-origin"], undefined, "no CORS grant for the other site");
    // "Simple" requests a page may send without a preflight, and JSON too.
    for (const type of ["text/plain", "multipart/form-data; boundary=x", "application/json"]) {
      const answer = await post(server.httpUrl, `/matchmake/joinOrCreate/${ROOM.ARENA}`, { "Content-Type": type, Origin: "https://evil.com" }, "{}");
      assertRefused(answer, "ORIGIN_NOT_ALLOWED", 403);
    }
    assert.equal(arenaRooms(), rooms, "no room created");
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    assert.match(metrics, /^orb_matchmake_refused_total\{reason="ORIGIN_NOT_ALLOWED"\} 4$/m, "refusals are counted");
  });

  it("refuses anything but application/json with 415, with CORS for allowed pages", async () => {
    const rooms = arenaRooms();
    for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "application/octet-stream", "application/jsonx", ""]) {
      const headers: Record<string, string> = type ? { "Content-Type": type } : {};
      assertRefused(await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, headers, '{"name":"x"}'), "UNSUPPORTED_MEDIA_TYPE", 415);
    }
    const fromOwnPage = await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, { "Content-Type": "text/plain", Origin: "http://localhost:5173" }, "{}");
    assertRefused(fromOwnPage, "UNSUPPORTED_MEDIA_TYPE", 415);
    assert.equal(fromOwnPage.headers["access-control-allow-origin"], "http://localhost:5173", "the page can read why");
    assert.equal(arenaRooms(), rooms);
  });

  it("refuses a body over the limit with 413 without reading the rest (declared or chunked)", async () => {
    const rooms = arenaRooms();
    const heapBefore = process.memoryUsage().heapUsed;
    const declared = await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, { ...JSON_TYPE, "Content-Length": String(100 * 1024 * 1024) }, { stream: true, chunk: 64 * 1024, total: 100 * 1024 * 1024 });
    assertRefused(declared, "BODY_TOO_LARGE", 413);
    const chunked = await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, JSON_TYPE, { stream: true, chunk: 64 * 1024, total: 50 * 1024 * 1024 });
    assertRefused(chunked, "BODY_TOO_LARGE", 413);
    const justOver = await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, JSON_TYPE, JSON.stringify({ name: "x".repeat(4096) }));
    assertRefused(justOver, "BODY_TOO_LARGE", 413);
    const heapGrowthMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    console.log(`      [gate] 100 MiB declared: answered after ${(declared.sent / 2 ** 20).toFixed(1)} MiB sent; 50 MiB chunked: after ${(chunked.sent / 2 ** 20).toFixed(1)} MiB; heap growth ${heapGrowthMiB.toFixed(1)} MiB`);
    assert.ok(declared.sent < 20 * 2 ** 20 && chunked.sent < 20 * 2 ** 20, "the answer came long before the whole body");
    assert.ok(heapGrowthMiB < 20, `heap grew ${heapGrowthMiB.toFixed(1)} MiB`);
    assert.equal(arenaRooms(), rooms);
  });

  it("closes a connection that keeps sending after its 413 within about a second", async () => {
    const port = Number(new URL(server.httpUrl).port);
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const started = Date.now();
    let reply = "";
    let sent = 0;
    socket.on("data", (d: Buffer) => (reply += d.toString()));
    socket.on("error", () => undefined);
    socket.write(`POST /matchmake/create/${ROOM.ARENA} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${10 * 2 ** 30}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk)) sent += chunk.length;
      if (!socket.destroyed) socket.once("drain", pump);
    };
    pump();
    const closedAfterMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("still open after 5 s")), 5000);
      socket.once("close", () => {
        clearTimeout(timer);
        resolve(Date.now() - started);
      });
    });
    console.log(`      [gate] a 10 GiB upload: 413 answered, connection closed after ${closedAfterMs} ms (${(sent / 2 ** 20).toFixed(0)} MiB written and dropped)`);
    assert.match(reply, /^HTTP\/1.1 413 /);
    assert.ok(closedAfterMs < 3000, `closed after ${closedAfterMs} ms`);
  });

  it("refuses deep nesting (400 TOO_DEEP) and malformed JSON or options (400)", async () => {
    const rooms = arenaRooms();
    const nested = (depth: number) => `{"name":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    assertRefused(await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, JSON_TYPE, nested(8)), "TOO_DEEP", 400);
    // Brackets inside strings are text, not nesting.
    const text = await post(server.httpUrl, `/matchmake/join/${ROOM.ARENA}`, JSON_TYPE, JSON.stringify({ name: "[[[[[[[[[[{{{{{{{{{{\\\"" }));
    assert.ok(!String(text.body.error).startsWith("TOO_DEEP"), JSON.stringify(text.body));
    assertRefused(await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, JSON_TYPE, '{"name": "x"'), "MALFORMED_JSON", 400);
    const notUtf8 = await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, JSON_TYPE, Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]));
    assertRefused(notUtf8, "MALFORMED_JSON", 400);
    for (const body of ["null", "[]", '"text"', "42"]) {
      assertRefused(await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, JSON_TYPE, body), "INVALID_OPTIONS", 400);
    }
    assert.equal(arenaRooms(), rooms);
  });

  it("keeps only the options a room reads with the seat reservation", async () => {
    const rooms = arenaRooms();
    const options = JSON.parse(`{"name":"Keeper","private":true,"junk":"${"j".repeat(3000)}","__proto__":{"polluted":1},"processId":"x"}`) as unknown;
    const answer = await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, JSON_TYPE, JSON.stringify(options));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(arenaRooms(), rooms + 1);
    const room = matchMaker.getLocalRoomById(answer.body.roomId!) as unknown as { _reservedSeats?: Record<string, [unknown, ...unknown[]]> };
    assert.ok(room?._reservedSeats && typeof room._reservedSeats === "object", "Colyseus keeps reservations in Room._reservedSeats");
    const seat = room._reservedSeats[answer.body.sessionId!];
    assert.ok(seat, "the reservation is held");
    assert.deepEqual(seat[0], { name: "Keeper", private: true });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it("checks every path variant that could reach Colyseus' matchmaking route", async () => {
    const rooms = arenaRooms();
    const variants = ["/matchmake/create/arena", "/./matchmake/create/arena", "//matchmake/create/arena", "/matchmake//create/arena", "/MATCHMAKE/create/arena", "/%6datchmake/create/arena", "/x/../matchmake/create/arena", "/matchmake/create/arena?x=1", "/matchmake/create/arena/"];
    for (const path of variants) {
      const answer = await post(server.httpUrl, path, { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.com" }, "name=x");
      assert.notEqual(answer.status, 200, path);
      if (answer.status !== 404) assertRefused(answer, "ORIGIN_NOT_ALLOWED", 403);
      const form = await post(server.httpUrl, path, { "Content-Type": "application/x-www-form-urlencoded" }, "name=x");
      assert.notEqual(form.status, 200, path);
    }
    assert.equal(arenaRooms(), rooms, "no room from any variant");
  });

  it("lets the SDK create, join and quick-play as before", async () => {
    const a = await Bot.join(server.url, { kind: "create" }, { name: "Gated" });
    const b = await Bot.join(server.url, { kind: "id", roomId: a.room.roomId }, { name: "Second" });
    const c = await Bot.join(server.url, { kind: "quick" }, { name: "Third" });
    await a.waitFor(() => a.room.state.players.size >= 3, 3000, "three players in one room");
    assert.equal(c.room.roomId, a.room.roomId);
    await Promise.all([a.leave(), b.leave(), c.leave()]);
  });
});

describe("matchmaking gate with a large body limit", function () {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, { MATCHMAKE_MAX_BODY_BYTES: String(1024 * 1024) });
  });
  after(() => server.close());

  it("refuses JSON nested 100,000 deep with 400 and leaves no room behind", async () => {
    const rooms = arenaRooms();
    const body = `{"name":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    assertRefused(await post(server.httpUrl, `/matchmake/create/${ROOM.ARENA}`, JSON_TYPE, body), "TOO_DEEP", 400);
    assert.equal(arenaRooms(), rooms);
    const bot = await Bot.join(server.url, { kind: "quick" }, { name: "After" });
    await bot.leave();
  });
});

describe("matchmaking gate in a server process", function () {
  this.timeout(60_000);
  let game: GameProcess;
  before(async () => {
    game = await GameProcess.start({});
  });
  after(() => game.stop());

  async function residentMiB(): Promise<number> {
    const text = await (await fetch(`${game.httpUrl}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith("process_resident_memory_bytes "));
    assert.ok(line, "RSS in /metrics");
    return Number(line.split(" ")[1]) / 2 ** 20;
  }

  it("stays small under 100 MiB bodies, four at a time, declared and chunked", async () => {
    const before = await residentMiB();
    const total = 100 * 1024 * 1024;
    const uploads = [
      ...Array.from({ length: 4 }, () => post(game.httpUrl, `/matchmake/create/${ROOM.ARENA}`, { ...JSON_TYPE, "Content-Length": String(total) }, { stream: true, chunk: 256 * 1024, total })),
      ...Array.from({ length: 4 }, () => post(game.httpUrl, `/matchmake/create/${ROOM.ARENA}`, JSON_TYPE, { stream: true, chunk: 256 * 1024, total })),
    ];
    const answers = await Promise.all(uploads);
    const after = await residentMiB();
    console.log(`      [gate] server process RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB after 8 × 100 MiB bodies (all 413, each answered after ≤ ${Math.max(...answers.map((a) => a.sent / 2 ** 20)).toFixed(1)} MiB sent)`);
    for (const answer of answers) assertRefused(answer, "BODY_TOO_LARGE", 413);
    assert.ok(after - before < 50, `RSS grew ${(after - before).toFixed(0)} MiB`);
    const health = (await (await fetch(`${game.httpUrl}/health`)).json()) as { rooms: number };
    assert.equal(health.rooms, 0, "no room created");
  });
});

describe("matchmaking gate: the layout it relies on is checked at start", () => {
  const deps = { limits: loadConfig({}).http, originAllowed: createOriginPolicy([]), stamp: createAddressStamp(0), logger: createLogger("silent") };

  it("throws unless Colyseus' router is the single request listener", () => {
    const none = createServer();
    assert.throws(() => installMatchmakeGate(none, deps), /expected Colyseus' router as the single "request" listener, found 0/);
    const two = createServer(() => undefined);
    two.on("request", () => undefined);
    assert.throws(() => installMatchmakeGate(two, deps), /found 2/);
  });

  it("throws unless the WebSocket transport's upgrade listener is the only one", () => {
    assert.throws(() => stampUpgrades(createServer(), deps.stamp), /found 0/);
  });
});
