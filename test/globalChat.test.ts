import assert from "node:assert/strict";
import { LocalPresence } from "@colyseus/core";
import { GLOBAL_CHAT_HISTORY_SIZE, type ChatMessage } from "../shared/protocol.js";
import { GlobalChat } from "../server/platform/chat/GlobalChat.js";
import { loadConfig } from "../server/config.js";

const limits = loadConfig({}).limits;
const entry = (text: string): Omit<ChatMessage, "id"> => ({ from: "s1", name: "Ann", text, at: Date.now() });

describe("global chat history kept in memory", () => {
  it("keeps the last messages in id order, answers since(), and a later process seeds from the store", async () => {
    const presence = new LocalPresence();
    const first = new GlobalChat(presence, limits);
    await first.start();
    const posted: ChatMessage[] = [];
    for (let i = 0; i < GLOBAL_CHAT_HISTORY_SIZE + 5; i++) posted.push(await first.post(entry(`m${i}`)));

    const history = first.history();
    assert.equal(history.length, GLOBAL_CHAT_HISTORY_SIZE);
    assert.deepEqual(
      history.map((m) => m.id),
      posted.slice(-GLOBAL_CHAT_HISTORY_SIZE).map((m) => m.id),
    );
    assert.deepEqual(
      first.since(posted.at(-3)!.id).map((m) => m.text),
      posted.slice(-2).map((m) => m.text),
    );
    // history() hands out a copy: a caller cannot change what the next joiner gets.
    history.length = 0;
    assert.equal(first.history().length, GLOBAL_CHAT_HISTORY_SIZE);

    // A process started later reads the stored history, then follows the channel.
    const later = new GlobalChat(presence, limits);
    await later.start();
    assert.deepEqual(later.history(), first.history());
    const next = await first.post(entry("after the second start"));
    assert.equal(later.history().at(-1)?.id, next.id);
    assert.equal(later.history().length, GLOBAL_CHAT_HISTORY_SIZE);

    // A reload after an outage takes the store's view.
    await presence.del("orb:global-chat:history");
    await later.reload();
    assert.deepEqual(later.history(), []);
    first.stop();
    later.stop();
  });
});
