/**
 * Chat limiters forget: what they keep about a session is dropped when it leaves, and what they keep
 * about an address or the channel expires with its window. Before this, 3,000 sessions that each
 * posted one global message and left grew the heap by 0.7–1.1 KB each, never released.
 */
import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { matchMaker } from "@colyseus/core";
import { Bot } from "../bots/Bot.js";
import { ChatPolicy, GlobalChatPolicy } from "../server/platform/chat/chatPolicy.js";
import { GlobalChat } from "../server/platform/chat/GlobalChat.js";
import { ReplyBudget } from "../server/platform/chat/replyBudget.js";
import { loadConfig } from "../server/config.js";
import type { RoomDeps } from "../server/platform/deps.js";
import { CLIENT_MESSAGE, ROOM, type ChatMessage } from "../shared/protocol.js";
import { serverFixture } from "./helpers/fixture.js";
import { until } from "./helpers/until.js";

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  assert.ok(gc, "run with --expose-gc (set in .mocharc.json)");
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

describe("chat limiter memory", function () {
  this.timeout(60_000);

  it("stays flat over 10,000 sessions that each post, pull a catch-up and leave", () => {
    const limits = { ...loadConfig({}).limits, globalChatMaxMessages: 1_000_000 };
    const global = new GlobalChatPolicy(limits);
    const room = new ChatPolicy(limits);
    const replies = new ReplyBudget(limits);
    const SESSIONS = 10_000;
    let now = 1_000_000;

    const batch = (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const sender = { session: `session-${i}-${"s".repeat(12)}`, address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` };
        now += 1;
        const vetted = global.vet(sender, `hello from ${i}`, now);
        assert.ok(vetted.ok, `session ${i} may post`);
        global.observe({ id: i, from: sender.session, name: "x", text: vetted.text, at: now } satisfies ChatMessage, now);
        assert.ok(room.vet(sender.session, `room hello ${i}`, now).ok);
        assert.equal(replies.refusal(sender, now), undefined);
        replies.charge(sender, 5_000, now);
        global.forget(sender.session);
        room.forget(sender.session);
        replies.forget(sender.session);
      }
    };

    batch(0, 1_000); // warm up code paths and maps
    now += limits.chatWindowMs + 10_000;
    batch(1_000, 1_001);
    const before = heapAfterGc();
    batch(1_001, 1_001 + SESSIONS);
    // Sessions are gone at once; addresses and the channel's count leave with their windows.
    assert.equal(global.tracked.sessions, 0);
    assert.equal(global.tracked.pending, 0);
    assert.equal(room.tracked, 0);
    assert.equal(replies.tracked.sessions, 0);
    now += limits.chatWindowMs + 60_000;
    batch(20_000, 20_001);
    assert.equal(global.tracked.addresses, 1, "only the last address is remembered");
    assert.ok(replies.tracked.addresses <= 1, `${replies.tracked.addresses} address budgets kept`);
    const after = heapAfterGc();
    const perSession = (after - before) / SESSIONS;
    console.log(`      heap ${(before / 1048576).toFixed(1)} → ${(after / 1048576).toFixed(1)} MiB over ${SESSIONS} sessions (${perSession.toFixed(1)} B per session)`);
    assert.ok(perSession < 50, `${perSession.toFixed(0)} B kept per session`);
  });
});

describe("chat limiter state of real sessions", function () {
  this.timeout(60_000);
  const t = serverFixture();

  it("is dropped when arena and lobby sessions leave", async () => {
    const host = await t.join(t.url, { kind: "create" }, { name: "Host" });
    const room = matchMaker.getLocalRoomById(host.roomId) as unknown as { deps?: RoomDeps } | undefined;
    assert.ok(room?.deps?.globalChat instanceof GlobalChat);
    const chat = room.deps.globalChat;
    const baseline = chat.policy.tracked.sessions;

    const bots: Bot[] = [];
    for (let i = 0; i < 60; i++) {
      const bot = await Bot.join(t.url, { kind: "quick" }, { name: `Visitor${i}` });
      await bot.globalChat(`passing through ${i}`);
      bots.push(bot);
    }
    const lobbies = [];
    for (let i = 0; i < 20; i++) {
      const lobby = await new Client(t.url).joinOrCreate(ROOM.LOBBY, { name: `Browser${i}` });
      lobby.onMessage("*", () => undefined);
      await lobby.request(CLIENT_MESSAGE.GLOBAL_CHAT, { text: `from the lobby ${i}` });
      lobbies.push(lobby);
    }
    assert.equal(chat.policy.tracked.sessions, baseline + 80, "every poster is remembered while connected");
    // Reply budgets refill within a fraction of a second and are swept when full; ask all at once.
    await Promise.all(bots.map((b) => b.room.request(CLIENT_MESSAGE.GLOBAL_CHAT_SINCE, { afterId: 0 })));
    assert.ok(chat.replies.tracked.sessions > 0, "reply budgets are kept per session");

    await Promise.all([...bots.map((b) => b.leave()), ...lobbies.map((l) => l.leave(true))]);
    await until(() => chat.policy.tracked.sessions === baseline, 5000, "sessions forgotten on leave");
    assert.equal(chat.policy.tracked.pending, 0);
    assert.equal(chat.replies.tracked.sessions, 0);
  });
});

