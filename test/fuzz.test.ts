/**
 * Property-based fuzzing of every client message type and of join options, over real
 * WebSockets and real HTTP matchmaking. Pass: the process keeps running, the room keeps
 * simulating for others, every refusal is structured, and Object.prototype is untouched.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { Client } from "@colyseus/sdk";
import { Bot } from "../bots/Bot.js";
import { ERROR_CODE, JOIN_ERROR, ROOM } from "../shared/protocol.js";
import { ARENA_WIDTH_UNITS } from "../shared/sim/constants.js";
import { hostileJoinOptions, hostilePayload, messageType } from "./helpers/fuzz.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const MESSAGES = 10_000;
const BATCH = 100;
const KNOWN_CODES = new Set<string>(Object.values(ERROR_CODE));

describe("fuzzing", function () {
  this.timeout(120_000);
  let server: TestServer;
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  before(async () => {
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUncaught);
    // Flood limits raised so one fuzzing client can send everything; the kick paths have their own tests.
    server = await startTestServer({}, { MAX_MESSAGES_PER_SECOND: "10000", ABUSE_STRIKE_LIMIT: "1000000" });
  });
  after(async () => {
    process.off("uncaughtException", onUncaught);
    process.off("unhandledRejection", onUncaught);
    await server.close();
  });

  it(`answers ${MESSAGES} hostile messages with structured refusals while the room plays on`, async () => {
    const good = await Bot.join(server.url, { kind: "create" }, { name: "Good" });
    const lobby = await new Client(server.url).joinOrCreate(ROOM.LOBBY, { name: "Fuzz" });
    lobby.onMessage("*", () => undefined);
    let fuzzer = await Bot.join(server.url, { kind: "id", roomId: good.roomId }, { name: "Fuzzer" });
    const x0 = good.me!.x;
    good.drive({ dx: x0 < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 });

    const samples = fc.sample(fc.tuple(messageType, hostilePayload, fc.boolean(), fc.boolean()), { numRuns: MESSAGES, seed: 20261125 });
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    let rejoins = 0;

    for (let i = 0; i < samples.length; i += BATCH) {
      if (fuzzer.left !== undefined) {
        rejoins++;
        fuzzer = await Bot.join(server.url, { kind: "id", roomId: good.roomId }, { name: "Fuzzer" });
      }
      const pending: Promise<void>[] = [];
      for (const [type, payload, asRequest, toLobby] of samples.slice(i, i + BATCH)) {
        const room = toLobby ? lobby : fuzzer.room;
        const send = room.send.bind(room) as (t: string | number, p?: unknown) => void;
        const request = room.request.bind(room) as (t: string | number, p?: unknown, o?: { timeout: number }) => Promise<unknown>;
        if (!asRequest) {
          try {
            send(type, payload);
            count("sent");
          } catch {
            count("not encodable"); // the SDK refuses to encode it; nothing reaches the server
          }
          continue;
        }
        pending.push(
          request(type, payload, { timeout: 5000 }).then(
            () => void count("accepted"),
            (err: { name?: string; message?: string; reason?: { code?: unknown; message?: unknown } }) => {
              const reason = err.reason;
              if (reason && typeof reason.code === "string") {
                assert.ok(KNOWN_CODES.has(reason.code), `unknown refusal code ${String(reason.code)}`);
                assert.equal(typeof reason.message, "string");
                void count(`refused ${reason.code}`);
              } else if (/handler/.test(err.message ?? "")) {
                void count("no such request type");
              } else if (/encode|circular|Maximum call stack/i.test(err.message ?? "")) {
                void count("not encodable");
              } else if (/connection closed/.test(err.message ?? "")) {
                void count("disconnected");
              } else {
                assert.fail(`unstructured answer to ${String(type)} ${JSON.stringify(payload)?.slice(0, 200)}: ${err.name} ${err.message}`);
              }
            },
          ),
        );
      }
      await Promise.all(pending);
    }
    console.log(`      [fuzz] ${samples.length} messages: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}; rejoins ${rejoins}`);

    assert.deepEqual(uncaught, [], "no uncaught exception or unhandled rejection");
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeKeys, "Object.prototype untouched");
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok((outcomes.get(`refused ${ERROR_CODE.INVALID_PAYLOAD}`) ?? 0) > 100, "invalid payloads were refused");
    await good.waitFor(() => Math.abs(good.me!.x - x0) > 100, 5000, "room still simulating for the good player");
    const ack = await good.chat("still fine");
    await good.waitFor(() => good.chats.some((m) => m.id === ack.id), 2000, "chat still works");
    good.stop();
    await Promise.all([good.leave(), fuzzer.leave().catch(() => undefined), lobby.leave()]);
  });

  it("refuses hostile join and create options at matchmaking with a numbered error, or accepts them cleaned", async () => {
    const samples = fc.sample(fc.tuple(hostileJoinOptions, fc.constantFrom("joinOrCreate", "create")), { numRuns: 400, seed: 7 });
    const statuses = new Map<number, number>();
    for (const [options, method] of samples) {
      const res = await fetch(`${server.httpUrl}/matchmake/${method}/${ROOM.ARENA}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(options ?? null) ?? "null",
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = (await res.json()) as { roomId?: string; room?: { roomId?: string }; code?: number; error?: string };
      if (res.status === 200) {
        assert.ok(body.room?.roomId ?? body.roomId, "a seat reservation");
      } else {
        assert.ok([JOIN_ERROR.INVALID_OPTIONS, JOIN_ERROR.INVALID_NAME].includes(res.status as 400 | 422), `status ${res.status}: ${JSON.stringify(body)}`);
        assert.equal(body.code, res.status);
        assert.match(body.error ?? "", /^INVALID_(OPTIONS|NAME): /);
      }
    }
    console.log(`      [fuzz] 400 join/create options: ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, "both outcomes exercised");
    assert.deepEqual(uncaught, []);
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeKeys);
    // A real player still gets in afterwards.
    const bot = await Bot.join(server.url, { kind: "quick" }, { name: "After" });
    await bot.leave();
  });

  it("survives raw malformed frames of every protocol code", async () => {
    const good = await Bot.join(server.url, { kind: "create" }, { name: "Good" });
    let raw = await Bot.join(server.url, { kind: "id", roomId: good.roomId }, { name: "Raw" });
    // Every protocol code but LEAVE_ROOM (12), which is a clean leave by design.
    const codes = [0, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 255, 19 | 64, 19 | 128, 21 | 128];
    const frames = fc.sample(fc.tuple(fc.constantFrom(...codes), fc.uint8Array({ maxLength: 96 })), { numRuns: 2000, seed: 99 });
    let dropped = 0;
    for (const [code, body] of frames) {
      const frame = new Uint8Array(body.length + 1);
      frame[0] = code;
      frame.set(body, 1);
      raw.room.connection.send(frame);
      // A round trip after each frame: the server has read it, and either still serves the
      // sender or has disconnected it; a frozen server would time out here.
      const outcome = await raw.room.request("chatSince", { afterId: 0 }, { timeout: 3000 }).then(
        () => "served",
        (err: Error) => err.message,
      );
      // (A garbage request frame may carry our request's id, so its error reply can answer our probe.)
      assert.doesNotMatch(outcome, /timed out/, `server stopped answering after frame ${Buffer.from(frame).toString("hex")}`);
      if (!/connection closed/.test(outcome)) continue;
      dropped++;
      raw = await Bot.join(server.url, { kind: "id", roomId: good.roomId }, { name: "Raw" });
    }
    console.log(`      [fuzz] 2000 raw frames: ${frames.length - dropped} read and ignored, ${dropped} got their sender disconnected`);
    const x0 = good.me!.x;
    good.drive({ dx: x0 < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 });
    await good.waitFor(() => Math.abs(good.me!.x - x0) > 50, 5000, "still simulating");
    good.stop();
    assert.deepEqual(uncaught, []);
    await Promise.all([good.leave(), raw.leave().catch(() => undefined)]);
  });
});
