import assert from "node:assert/strict";
import { Bot, ChatRefused } from "../bots/Bot.js";
import { CHAT_MAX_CHARS, CHAT_RATE_MAX_MESSAGES, ERROR_CODE } from "../shared/protocol.js";
import { serverFixture } from "./helpers/fixture.js";

async function refusal(promise: Promise<unknown>): Promise<ChatRefused> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ChatRefused, `expected a structured refusal, got ${String(err)}`);
    return err;
  }
  assert.fail("expected the chat to be refused");
}

describe("room chat with acknowledgements", function () {
  const t = serverFixture();
  const join = t.join;

  it("acknowledges the sender and broadcasts the same message id to everyone", async () => {
    const a = await join(t.url, { kind: "create" }, { name: "Ann" });
    const b = await join(t.url, { kind: "id", roomId: a.roomId }, { name: "Ben" });
    const before = Date.now();
    const ack = await a.chat("  hello there  ");
    assert.equal(typeof ack.id, "number");
    assert.ok(ack.at >= before && ack.at <= Date.now());
    await b.waitFor(() => b.chats.some((m) => m.id === ack.id), 2000, "broadcast on Ben");
    const seen = b.chats.find((m) => m.id === ack.id)!;
    assert.deepEqual(seen, { id: ack.id, from: a.sessionId, name: "Ann", text: "hello there", at: ack.at });
    await a.waitFor(() => a.chats.some((m) => m.id === ack.id), 2000, "broadcast on the sender too");
  });

  it("takes identity from the session, never from the payload", async () => {
    const a = await join(t.url, { kind: "create" }, { name: "Ann" });
    const b = await join(t.url, { kind: "id", roomId: a.roomId }, { name: "Ben" });
    const ack = (await a.room.request("chat", { text: "hi", from: b.sessionId, name: "Ben" } as { text: string })) as { id: number };
    await b.waitFor(() => b.chats.some((m) => m.id === ack.id), 2000, "broadcast");
    const seen = b.chats.find((m) => m.id === ack.id)!;
    assert.equal(seen.from, a.sessionId);
    assert.equal(seen.name, "Ann");
  });

  it("refuses each invalid message with its code and keeps the sender connected", async () => {
    const a = await join(t.url, { kind: "create" }, { name: "Ann" });
    const b = await join(t.url, { kind: "id", roomId: a.roomId }, { name: "Ben" });
    assert.equal((await refusal(a.chat(""))).error.code, ERROR_CODE.EMPTY_MESSAGE);
    assert.equal((await refusal(a.chat(" \u200b\t "))).error.code, ERROR_CODE.EMPTY_MESSAGE);
    assert.equal((await refusal(a.chat("x".repeat(CHAT_MAX_CHARS + 1)))).error.code, ERROR_CODE.MESSAGE_TOO_LONG);
    assert.equal((await refusal(a.chat("x".repeat(2000)))).error.code, ERROR_CODE.INVALID_PAYLOAD);
    assert.equal((await refusal(a.chat(42))).error.code, ERROR_CODE.INVALID_PAYLOAD);
    assert.equal((await refusal(a.chat({ nested: { deep: [1, 2] } }))).error.code, ERROR_CODE.INVALID_PAYLOAD);
    const noText = await refusal(a.room.request("chat", { txt: "hi" } as unknown as { text: string }).catch((e) => { throw new ChatRefused(e.reason); }));
    assert.equal(noText.error.code, ERROR_CODE.INVALID_PAYLOAD);
    assert.equal(typeof noText.error.message, "string");
    // Exactly 280 characters is fine, and the sender is still in the room.
    const ok = await a.chat("y".repeat(CHAT_MAX_CHARS));
    await b.waitFor(() => b.chats.some((m) => m.id === ok.id), 2000, "valid message after refusals");
    assert.equal(a.left, undefined);
    assert.ok(b.chats.every((m) => m.text.length > 0 && m.text.length <= CHAT_MAX_CHARS), "no refused message was broadcast");
  });

  it("rate-limits more than 5 messages in 5 s with a structured error", async () => {
    const a = await join(t.url, { kind: "create" }, { name: "Chatty" });
    for (let i = 0; i < CHAT_RATE_MAX_MESSAGES; i++) await a.chat(`message ${i}`);
    const refused = await refusal(a.chat("one too many"));
    assert.equal(refused.error.code, ERROR_CODE.RATE_LIMITED);
    assert.equal(a.left, undefined);
  });

  it("answers a plain send() of a bad chat with an error message instead of a disconnect", async () => {
    const a = await join(t.url, { kind: "create" }, { name: "Ann" });
    a.room.send("chat", { text: 5 } as unknown as { text: string });
    await a.waitFor(() => a.errors.length > 0, 2000, "error message");
    assert.equal(a.errors[0]!.code, ERROR_CODE.INVALID_PAYLOAD);
    assert.equal(a.errors[0]!.type, "chat");
    assert.equal(a.left, undefined);
  });

  it("sends the last messages to a player who joins later", async () => {
    const a = await join(t.url, { kind: "create" }, { name: "Ann" });
    const first = await a.chat("first");
    const second = await a.chat("second");
    const late = await join(t.url, { kind: "id", roomId: a.roomId }, { name: "Late" });
    await late.waitFor(() => late.history.length >= 2, 2000, "history");
    assert.deepEqual(late.history.map((m) => [m.id, m.text]), [[first.id, "first"], [second.id, "second"]]);
  });
});

describe("chat abuse limits", function () {
  const t = serverFixture({}, { ABUSE_STRIKE_LIMIT: "6", ABUSE_STRIKE_WINDOW_SECONDS: "10", CHAT_RATE_MAX_MESSAGES: "3" });

  it("refuses a repeated message, then rate-limits, then kicks a sender who keeps going", async () => {
    const a = await t.join(t.url, { kind: "create" }, { name: "Spammer" });
    const watcher = await t.join(t.url, { kind: "id", roomId: a.roomId }, { name: "Watcher" });
    await a.chat("buy gold");
    assert.equal((await refusal(a.chat("buy gold"))).error.code, ERROR_CODE.DUPLICATE_MESSAGE);
    await a.chat("buy gold now");
    await a.chat("buy gold cheap");
    assert.equal((await refusal(a.chat("buy gold today"))).error.code, ERROR_CODE.RATE_LIMITED);
    assert.equal(a.left, undefined, "refusals alone do not disconnect");
    const kicked = new Promise<number>((resolve) => a.room.onLeave((code) => resolve(code)));
    for (let i = 0; i < 6; i++) await a.chat(`spam ${i}`).catch(() => undefined);
    assert.equal(await kicked, 4408);
    await watcher.waitFor(() => !watcher.state.players.has(a.sessionId), 3000, "kicked player removed at once");
  });
});
