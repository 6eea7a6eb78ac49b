/**
 * Names in a room: look-alikes of a present player's name are numbered (never refused, so quick play
 * always gets a seat), reserved names and names that draw nothing are refused with a join error.
 */
import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { Bot } from "../bots/Bot.js";
import { JOIN_ERROR, ROOM, SERVER_MESSAGE, type ChatMessage } from "../shared/protocol.js";
import { describeJoinError } from "../game-client/net/joinErrors.js";
import { serverFixture } from "./helpers/fixture.js";
import { until } from "./helpers/until.js";

async function joinRefusal(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    assert.equal(typeof e.code, "number", `a matchmaking error with a code, got ${String(err)}`);
    return { code: e.code as number, message: String(e.message) };
  }
  assert.fail("expected the join to be refused");
}

describe("names in a room", function () {
  const t = serverFixture();

  it("numbers a taken name and its look-alikes, so every player reads differently", async () => {
    const ann = await t.join(t.url, { kind: "create" }, { name: "Ann" });
    const cyrillic = await t.join(t.url, { kind: "id", roomId: ann.roomId }, { name: "\u0410nn" }); // Cyrillic А
    const shouting = await t.join(t.url, { kind: "id", roomId: ann.roomId }, { name: "ANN" });
    const filler = await t.join(t.url, { kind: "id", roomId: ann.roomId }, { name: "Ann\u3164" });
    const names = [ann, cyrillic, shouting, filler].map((b) => b.me!.name);
    assert.deepEqual(names, ["Ann", "\u0410nn 2", "ANN 3", "Ann 4"]);
    // Chat carries the numbered name.
    const ack = await cyrillic.chat("it's me");
    await ann.waitFor(() => ann.chats.some((m) => m.id === ack.id), 2000, "chat");
    assert.equal(ann.chats.find((m) => m.id === ack.id)!.name, "\u0410nn 2");
  });

  it("quick play with a taken name still joins the room it picks", async () => {
    const first = await t.join(t.url, { kind: "create" }, { name: "Twin" });
    const second = await t.join(t.url, { kind: "quick" }, { name: "Twin" });
    assert.equal(second.roomId, first.roomId, "quick play fills the open room");
    assert.equal(second.me!.name, "Twin 2");
    // Once the first leaves, the name is free again.
    await first.leave();
    const third = await t.join(t.url, { kind: "id", roomId: second.roomId }, { name: "Twin" });
    assert.equal(third.me!.name, "Twin");
  });

  it("refuses reserved names and their look-alikes with NAME_RESERVED, explained to the player", async () => {
    for (const name of ["Server", "System", "admin", "Ѕystem", "[Moderator]"]) {
      const refused = await joinRefusal(Bot.join(t.url, { kind: "create" }, { name }));
      assert.equal(refused.code, JOIN_ERROR.NAME_RESERVED, name);
      assert.match(refused.message, /^NAME_RESERVED: /);
      const shown = describeJoinError(refused);
      assert.equal(shown.kind, "invalid_name");
      assert.match(shown.message, /reserved/i);
    }
  });

  it("refuses names that draw nothing with INVALID_NAME; an empty name gets a generated one", async () => {
    for (const name of ["\u3164", "\u2800\u2800\u2800", "\u115f\u1160", "\u200b\u2060", "\u0301\u0301"]) {
      const refused = await joinRefusal(Bot.join(t.url, { kind: "create" }, { name }));
      assert.equal(refused.code, JOIN_ERROR.INVALID_NAME, JSON.stringify(name));
      assert.match(describeJoinError(refused).message, /show on screen/);
    }
    const unnamed = await t.join(t.url, { kind: "create" }, { name: "   " });
    assert.match(unnamed.me!.name, /^Player \d+$/);
  });

  it("cleans names: bidi controls and separators removed, marks bounded", async () => {
    const bot = await t.join(t.url, { kind: "create" }, { name: "\u202eAnn\u2066a\u2069\u2028" + "e" + "\u0301".repeat(19) });
    assert.equal(bot.me!.name, "Annaé\u0301\u0301");
  });

  it("the lobby gives a reserved or blank name \"Guest\" and numbers look-alikes", async () => {
    const join = async (name: string) => {
      const lobby = await new Client(t.url).joinOrCreate(ROOM.LOBBY, { name });
      lobby.onMessage("*", () => undefined);
      return lobby;
    };
    const reserved = await join("Server");
    const blank = await join("\u3164");
    const watcher = await join("Watcher");
    const seen: ChatMessage[] = [];
    watcher.onMessage(SERVER_MESSAGE.GLOBAL_CHAT, (m: ChatMessage) => seen.push(m));
    await reserved.request("globalChat", { text: "I am the server" });
    await blank.request("globalChat", { text: "I am blank" });
    await until(() => seen.length >= 2, 3000, "two global messages");
    assert.deepEqual(
      seen.map((m) => m.name),
      ["Guest", "Guest 2"],
    );
    await Promise.all([reserved, blank, watcher].map((l) => l.leave(true)));
  });
});

