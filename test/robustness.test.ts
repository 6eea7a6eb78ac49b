import assert from "node:assert/strict";
import { Bot } from "../bots/Bot.js";
import { ERROR_CODE } from "../shared/protocol.js";
import { ARENA_WIDTH_UNITS } from "../shared/sim/constants.js";
import { serverFixture } from "./helpers/fixture.js";

/** The room still simulates and chats for a well-behaved player. */
async function assertHealthy(good: Bot) {
  const x0 = good.me!.x;
  good.drive({ dx: x0 < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 });
  await good.waitFor(() => Math.abs(good.me!.x - x0) > 30, 3000, "room still simulating");
  good.stop();
  const ack = await good.chat("still here");
  await good.waitFor(() => good.chats.some((m) => m.id === ack.id), 2000, "chat still works");
}

describe("bad input never crashes or corrupts a room", function () {
  const t = serverFixture();
  const join = t.join;

  it("answers unknown message types with an error, keeps the sender, and the room healthy", async () => {
    const good = await join(t.url, { kind: "create" }, { name: "Good" });
    const bad = await join(t.url, { kind: "id", roomId: good.roomId }, { name: "Bad" });
    const send = bad.room.send.bind(bad.room) as (type: string | number, payload?: unknown) => void;
    send("nonsense", { x: 1 });
    send(12345, "numeric type");
    send("__proto__", { polluted: true });
    send("constructor");
    await bad.waitFor(() => bad.errors.length >= 4, 2000, "four error replies");
    assert.ok(bad.errors.every((e) => e.code === ERROR_CODE.UNKNOWN_MESSAGE), JSON.stringify(bad.errors));
    await assert.rejects(bad.room.request("nope" as "chat", { text: "x" }), /handler|nope/);
    assert.equal(bad.left, undefined);
    await assertHealthy(good);
  });

  it("refuses malformed chat payloads of every shape without touching Object.prototype", async () => {
    const good = await join(t.url, { kind: "create" }, { name: "Good" });
    const bad = await join(t.url, { kind: "id", roomId: good.roomId }, { name: "Bad" });
    const payloads: unknown[] = [
      undefined,
      null,
      0,
      Number.NaN,
      "text",
      [],
      [1, 2, 3],
      { text: null },
      { text: ["a"] },
      { text: { toString: "x" } },
      JSON.parse('{"__proto__": {"polluted": true}, "text": 5}'),
      { constructor: { prototype: { polluted: true } } },
      { text: "ok", extra: "x".repeat(1000) },
    ];
    for (const payload of payloads) {
      const outcome = await bad.room.request("chat", payload as { text: string }).then(
        () => "accepted",
        (err: { reason?: { code?: string } }) => err.reason?.code ?? "error",
      );
      assert.ok(outcome === ERROR_CODE.INVALID_PAYLOAD || outcome === "accepted", `payload ${JSON.stringify(payload)} → ${outcome}`);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined, "Object.prototype untouched");
    assert.equal(bad.left, undefined);
    await assertHealthy(good);
  });

  it("disconnects a sender of an oversized frame, and only that sender", async () => {
    const good = await join(t.url, { kind: "create" }, { name: "Good" });
    const big = await join(t.url, { kind: "id", roomId: good.roomId }, { name: "Big" });
    const left = new Promise<number>((resolve) => big.room.onLeave((code) => resolve(code)));
    big.room.connection.send(new Uint8Array(64 * 1024));
    assert.equal(await left, 1009);
    // The server sees either 1009 (removed at once) or an abrupt close (held as disconnected for the grace period).
    await good.waitFor(() => good.state.players.get(big.sessionId)?.connected !== true, 3000, "oversized sender gone");
    await assertHealthy(good);
  });

  it("survives raw garbage frames on the room socket", async () => {
    const good = await join(t.url, { kind: "create" }, { name: "Good" });
    const raw = await join(t.url, { kind: "id", roomId: good.roomId }, { name: "Raw" });
    const frames = [new Uint8Array([255]), new Uint8Array([13, 200, 1, 2]), new Uint8Array([10]), new Uint8Array([0, 0, 0, 0, 0])];
    for (const frame of frames) raw.room.connection.send(frame);
    await assertHealthy(good);
  });
});
