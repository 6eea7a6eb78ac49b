/**
 * Chat cannot be turned into a megaphone: global chat per client address and for the whole channel,
 * and list replies (catch-up, the lobby's room list) within a byte budget. Real server, real bots.
 */
import assert from "node:assert/strict";
import { Client, type Room } from "@colyseus/sdk";
import { LocalPresence, matchMaker } from "@colyseus/core";
import { Bot, ChatRefused } from "../bots/Bot.js";
import { GlobalChat } from "../server/platform/chat/GlobalChat.js";
import { loadConfig } from "../server/config.js";
import type { RoomDeps } from "../server/platform/deps.js";
import { CLIENT_MESSAGE, ERROR_CODE, ROOM, SERVER_MESSAGE, type ChatMessage, type ProtocolError } from "../shared/protocol.js";
import { serverFixture } from "./helpers/fixture.js";
import { until } from "./helpers/until.js";

async function refusal(promise: Promise<unknown>): Promise<ProtocolError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ChatRefused) return err.error;
    const reason = (err as { reason?: ProtocolError }).reason;
    assert.ok(reason && typeof reason.code === "string", `expected a structured refusal, got ${String(err)}`);
    return reason;
  }
  assert.fail("expected a refusal");
}

/** The process's GlobalChat, reached through a room of this in-process test server. */
function globalChatOf(roomId: string): GlobalChat {
  const room = matchMaker.getLocalRoomById(roomId) as unknown as { deps?: RoomDeps } | undefined;
  assert.ok(room?.deps?.globalChat instanceof GlobalChat, "room deps carry the process's GlobalChat");
  return room.deps.globalChat;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Runs `fire` every `everyMs` for `durationMs` (a steady request rate under MAX_MESSAGES_PER_SECOND). */
async function spam(durationMs: number, everyMs: number, fire: () => void): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (performance.now() - started >= durationMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      fire();
    }, everyMs);
  });
  return (performance.now() - started) / 1000;
}

describe("global chat limited per client address", function () {
  const t = serverFixture({}, { GLOBAL_CHAT_ADDRESS_MAX_MESSAGES: "3", CHAT_RATE_WINDOW_SECONDS: "30" });

  it("throwaway sessions from one address share its allowance; the refused never reach anyone", async () => {
    const watcher = await t.join(t.url, { kind: "create" }, { name: "Watcher" });
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const throwaway = await Bot.join(t.url, { kind: "create" }, { name: `Temp${i}` });
      outcomes.push(await throwaway.globalChat(`megaphone ${i}`).then(() => "ok", (err: unknown) => (err as ChatRefused).error.code));
      await throwaway.leave();
    }
    assert.deepEqual(outcomes, ["ok", "ok", "ok", ERROR_CODE.RATE_LIMITED, ERROR_CODE.RATE_LIMITED, ERROR_CODE.RATE_LIMITED]);
    await watcher.waitFor(() => watcher.globalChats.length >= 3, 3000, "three accepted messages");
    // The session's own limit is untouched by the others, but the address's is spent.
    const error = await refusal(watcher.globalChat("me too"));
    assert.equal(error.code, ERROR_CODE.RATE_LIMITED);
    assert.match(error.message, /address/);
    assert.deepEqual(watcher.globalChats.map((m) => m.text), ["megaphone 0", "megaphone 1", "megaphone 2"]);
    // A throwaway lobby session from the same address is refused too.
    const lobby = await new Client(t.url).joinOrCreate(ROOM.LOBBY, { name: "LobbyTemp" });
    lobby.onMessage("*", () => undefined);
    const fromLobby = await refusal(lobby.request(CLIENT_MESSAGE.GLOBAL_CHAT, { text: "from the lobby" }));
    assert.equal(fromLobby.code, ERROR_CODE.RATE_LIMITED);
    await lobby.leave(true);
    // Room chat is not global chat: still open.
    await watcher.chat("room chat still works");
  });
});

describe("global chat channel cap", function () {
  const t = serverFixture({}, { GLOBAL_CHAT_MAX_MESSAGES: "4", CHAT_RATE_WINDOW_SECONDS: "30" });

  it("accepts at most the cap from everyone together, then refuses with RATE_LIMITED", async () => {
    const first = await t.join(t.url, { kind: "create" }, { name: "P0" });
    const bots = [first];
    for (let i = 1; i < 8; i++) bots.push(await t.join(t.url, { kind: "id", roomId: first.roomId }, { name: `P${i}` }));
    const results = await Promise.all(bots.map((b, i) => b.globalChat(`hello ${i}`).then(() => "ok", (err: unknown) => (err as ChatRefused).error)));
    const accepted = results.filter((r) => r === "ok").length;
    const refused = results.filter((r): r is ProtocolError => r !== "ok");
    assert.equal(accepted, 4);
    assert.ok(refused.every((e) => e.code === ERROR_CODE.RATE_LIMITED && /busy/.test(e.message)), JSON.stringify(refused));
    await first.waitFor(() => first.globalChats.length >= 4, 3000, "accepted messages fanned out");
    assert.equal(first.globalChats.length, 4);
  });

  it("counts messages published by other processes (two GlobalChats on one presence)", async () => {
    const presence = new LocalPresence();
    const limits = { ...loadConfig({}).limits, globalChatMaxMessages: 3, globalChatAddressMaxMessages: 100 };
    const a = new GlobalChat(presence, limits);
    const b = new GlobalChat(presence, limits);
    await a.start();
    await b.start();
    for (let i = 0; i < 3; i++) {
      const vetted = a.policy.vet({ session: `a${i}`, address: `10.0.0.${i}` }, `from a ${i}`);
      assert.ok(vetted.ok);
      await a.post({ from: `a${i}`, name: "A", text: vetted.text, at: Date.now() });
    }
    const onB = b.policy.vet({ session: "b0", address: "10.0.1.1" }, "from b");
    assert.equal(!onB.ok && onB.error.code, ERROR_CODE.RATE_LIMITED, "process B saw A's messages on the channel");
    assert.equal(a.policy.tracked.pending, 0, "A's own messages came back on the channel and were not counted twice");
    a.stop();
    b.stop();
  });
});

describe("catch-up replies within a byte budget", function () {
  const env = { REPLY_BYTES_PER_SECOND: "4096", REPLY_BURST_SECONDS: "2", ABUSE_STRIKE_LIMIT: "100000", MAX_MESSAGES_PER_SECOND: "120" };
  const t = serverFixture({}, env);
  const RATE = 4096;
  const BURST = 2 * RATE;

  it("globalChatSince {afterId: 0} spammed: bytes received stay under burst + rate × time + one reply", async () => {
    const bot = await t.join(t.url, { kind: "create" }, { name: "Greedy" });
    const chat = globalChatOf(bot.roomId);
    for (let i = 0; i < 100; i++) await chat.post({ from: "seed", name: "Seed", text: `history line ${i} ${"x".repeat(60)}`, at: Date.now() });
    const oneReply = bytes(chat.since(0));
    assert.ok(oneReply > 8000, `a full catch-up is ${oneReply} B`);

    let received = 0;
    let replyBytes = 0;
    let replies = 0;
    const refusals: ProtocolError[] = [];
    const pending: Promise<void>[] = [];
    const seconds = await spam(3000, 20, () => {
      pending.push(
        bot.room.request(CLIENT_MESSAGE.GLOBAL_CHAT_SINCE, { afterId: 0 }).then(
          (reply) => {
            received += bytes(reply);
            replyBytes += bytes(reply);
            replies++;
          },
          (err: { reason?: ProtocolError }) => {
            received += bytes(err.reason);
            refusals.push(err.reason!);
          },
        ),
      );
    });
    await Promise.all(pending);
    // Replies: at most the burst, the refill and the one reply that crossed the line. Refusals: a
    // small structured error each, at the request rate (itself capped by MAX_MESSAGES_PER_SECOND).
    const bound = BURST + RATE * seconds + oneReply;
    const asked = pending.length;
    console.log(`      globalChatSince: ${asked} requests in ${seconds.toFixed(1)} s, ${replies} answered (${replyBytes} B), ${received} B received in all (${Math.round(received / seconds)} B/s); reply bound ${Math.round(bound)} B; unbudgeted ${asked * oneReply} B`);
    assert.ok(replyBytes <= bound, `${replyBytes} B of replies > bound ${bound}`);
    assert.ok(received <= bound + asked * 120, `${received} B received > ${bound} + ${asked} × 120 B`);
    assert.ok(replies >= 1, "the first catch-up is answered");
    assert.ok(refusals.length > asked / 2, `most requests refused (${refusals.length}/${asked})`);
    assert.ok(refusals.every((e) => e.code === ERROR_CODE.RATE_LIMITED), JSON.stringify(refusals[0]));
    assert.equal(bot.left, undefined, "refusals alone did not disconnect it (strike limit raised here)");
  });

  it("chatSince draws on the same budget", async () => {
    const bot = await t.join(t.url, { kind: "create" }, { name: "Greedy2" });
    for (let i = 0; i < 5; i++) await bot.chat(`room line ${i} ${"y".repeat(250)}`);
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await bot.room.request(CLIENT_MESSAGE.CHAT_SINCE, { afterId: 0 }).then(() => "ok", (e: { reason?: ProtocolError }) => e.reason?.code));
    assert.equal(answers[0], "ok");
    assert.ok(answers.includes(ERROR_CODE.RATE_LIMITED), JSON.stringify(answers));
  });
});

describe("catch-up budget per client address", function () {
  const t = serverFixture({}, { REPLY_BYTES_PER_SECOND: "1048576", REPLY_ADDRESS_BYTES_PER_SECOND: "1024", REPLY_BURST_SECONDS: "2" });

  it("throwaway sessions from one address share the address's budget", async () => {
    const seeder = await t.join(t.url, { kind: "create" }, { name: "Seeder" });
    const chat = globalChatOf(seeder.roomId);
    for (let i = 0; i < 50; i++) await chat.post({ from: "seed", name: "Seed", text: `line ${i} ${"z".repeat(100)}`, at: Date.now() });
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const throwaway = await Bot.join(t.url, { kind: "id", roomId: seeder.roomId }, { name: `T${i}` });
      outcomes.push(await throwaway.room.request(CLIENT_MESSAGE.GLOBAL_CHAT_SINCE, { afterId: 0 }).then(() => "ok", (e: { reason?: ProtocolError }) => e.reason?.code ?? "?"));
      await throwaway.leave();
    }
    assert.equal(outcomes[0], "ok");
    assert.ok(outcomes.slice(1).every((o) => o === ERROR_CODE.RATE_LIMITED), JSON.stringify(outcomes));
  });
});

describe("lobby room list within a byte budget", function () {
  const t = serverFixture({}, { REPLY_BYTES_PER_SECOND: "4096", REPLY_BURST_SECONDS: "2", ABUSE_STRIKE_LIMIT: "100000" });
  const RATE = 4096;
  const BURST = 2 * RATE;

  it("the `filter` message spammed: `rooms` bytes stay under burst + rate × time + one list, refusals are structured", async () => {
    for (let i = 0; i < 12; i++) await t.join(t.url, { kind: "create" }, { name: `Host${i}` });
    const lobby: Room = await new Client(t.url).joinOrCreate(ROOM.LOBBY, { name: "Lister", filter: { name: ROOM.ARENA } });
    let lists = 0;
    let listBytes = 0;
    let largest = 0;
    let spamming = false;
    const errors: Array<ProtocolError & { type?: string }> = [];
    let joinList = false;
    lobby.onMessage("rooms", (rooms: unknown[]) => {
      joinList = true;
      if (!spamming) return;
      lists++;
      listBytes += bytes(rooms);
      largest = Math.max(largest, bytes(rooms));
    });
    lobby.onMessage(SERVER_MESSAGE.ERROR, (e: ProtocolError & { type?: string }) => errors.push(e));
    for (const type of ["+", "-", SERVER_MESSAGE.GLOBAL_CHAT, SERVER_MESSAGE.GLOBAL_CHAT_HISTORY]) lobby.onMessage(type, () => undefined);
    // The list sent on joining comes first (matchmaking limits joins); the budget is for asking again.
    await until(() => joinList, 3000, "the list sent on joining");
    spamming = true;
    let sent = 0;
    const seconds = await spam(3000, 20, () => {
      lobby.send("filter", { name: ROOM.ARENA });
      sent++;
    });
    // Every filter is answered with a list or a refusal; wait for the last answers.
    await until(() => lists + errors.length >= sent, 3000, "an answer to every filter");
    const errorBytes = errors.reduce((n, e) => n + bytes(e), 0);
    const oneList = largest;
    const bound = BURST + RATE * seconds + oneList;
    console.log(`      lobby filter: ${sent} sent in ${seconds.toFixed(1)} s, ${lists} lists (${listBytes} B, ${Math.round(listBytes / seconds)} B/s) + ${errors.length} refusals (${errorBytes} B); bound ${Math.round(bound)} B; unbudgeted ${sent * oneList} B`);
    assert.ok(oneList > 1500, `the list of 12 rooms is ${oneList} B`);
    assert.ok(listBytes <= bound, `${listBytes} B of lists > bound ${bound}`);
    assert.ok(errorBytes <= sent * 120, `${errorBytes} B of refusals`);
    assert.ok(errors.length > sent / 2);
    assert.ok(errors.every((e) => e.code === ERROR_CODE.RATE_LIMITED && e.type === "filter"), JSON.stringify(errors[0]));
    // A malformed filter is refused with INVALID_PAYLOAD instead of being stored.
    const before = errors.length;
    lobby.send("filter", { metadata: { private: { nested: true } } });
    await until(() => errors.length > before, 2000, "invalid filter refused");
    assert.equal(errors.at(-1)!.code, ERROR_CODE.INVALID_PAYLOAD);
    await lobby.leave(true);
  });
});

export type { ChatMessage };
