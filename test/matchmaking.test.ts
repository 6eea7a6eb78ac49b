import assert from "node:assert/strict";
import { Bot } from "../bots/Bot.js";
import { Client } from "@colyseus/sdk";
import { ROOM, ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, normalizeRoomCode, type GameRoomMetadata } from "../shared/protocol.js";
import { loadConfig } from "../server/config.js";
import { MAX_PLAYERS_PER_ROOM } from "../shared/sim/constants.js";
import { LobbyWatcher } from "./helpers/lobby.js";
import { serverFixture } from "./helpers/fixture.js";

describe("matchmaking: public, private by code, quick play, capacity", function () {
  const t = serverFixture();
  const join = t.join;

  it("gives every room a short human-readable code as its id", async () => {
    const a = await join(t.url, { kind: "create" });
    assert.equal(a.roomId.length, ROOM_CODE_LENGTH);
    for (const ch of a.roomId) assert.ok(ROOM_CODE_ALPHABET.includes(ch), `unexpected "${ch}" in ${a.roomId}`);
    assert.equal(normalizeRoomCode(` ${a.roomId.slice(0, 3).toLowerCase()}-${a.roomId.slice(3)} `), a.roomId);
    assert.equal(normalizeRoomCode("O0I1L"), null);
  });

  it("hides a private room from the listing and quick play, and lets its code in", async () => {
    const lobby = await LobbyWatcher.join(t.url);
    try {
      const owner = await join(t.url, { kind: "create" }, { name: "Owner", private: true });
      const publicRoom = await join(t.url, { kind: "create" }, { name: "Host" });
      await lobby.until(() => lobby.rooms.has(publicRoom.roomId), 3000, "public room listed");
      assert.equal(lobby.rooms.has(owner.roomId), false, "private room must not be listed");

      const quick = await join(t.url, { kind: "quick" }, { name: "Quick" });
      assert.notEqual(quick.roomId, owner.roomId, "quick play must not land in a private room");
      assert.equal(quick.roomId, publicRoom.roomId, "quick play fills the open public room");

      const friend = await join(t.url, { kind: "id", roomId: owner.roomId }, { name: "Friend" });
      assert.equal(friend.roomId, owner.roomId);
      await owner.waitFor(() => owner.state.players.size === 2, 2000, "friend in the private room");
      assert.equal(lobby.rooms.has(owner.roomId), false);
      await assert.rejects(Bot.join(t.url, { kind: "id", roomId: "ZZZZZZ" }), /not found|ZZZZZZ/i);
      // "Join an existing room" without a code never finds the private room either.
      const joiner = await new Client(t.url).join(ROOM.ARENA, { name: "Joiner" });
      assert.notEqual(joiner.roomId, owner.roomId);
      await joiner.leave();
    } finally {
      await lobby.leave();
    }
  });

  it("lists public rooms with live player counts", async () => {
    const lobby = await LobbyWatcher.join(t.url);
    try {
      const a = await join(t.url, { kind: "create" }, { name: "A" });
      await lobby.until(() => lobby.rooms.get(a.roomId)?.clients === 1, 3000, "one player listed");
      const b = await join(t.url, { kind: "id", roomId: a.roomId }, { name: "B" });
      await lobby.until(() => lobby.rooms.get(a.roomId)?.clients === 2, 3000, "two players listed");
      await b.leave();
      await lobby.until(() => lobby.rooms.get(a.roomId)?.clients === 1, 3000, "count drops on leave");
      // Player seats are listed in the metadata; Colyseus' maxClients also counts the spectator seats.
      assert.equal((lobby.rooms.get(a.roomId)?.metadata as GameRoomMetadata | undefined)?.maxPlayers, MAX_PLAYERS_PER_ROOM);
      assert.equal(lobby.rooms.get(a.roomId)?.maxClients, MAX_PLAYERS_PER_ROOM + loadConfig({}).game.maxSpectators);
      await a.leave();
      await lobby.until(() => !lobby.rooms.has(a.roomId), 3000, "empty room disappears");
    } finally {
      await lobby.leave();
    }
  });

  it(`holds at most ${MAX_PLAYERS_PER_ROOM} players; quick play then opens a new room`, async function () {
    this.timeout(30_000);
    const first = await join(t.url, { kind: "create" }, { name: "P1" });
    for (let i = 2; i <= MAX_PLAYERS_PER_ROOM; i++) await join(t.url, { kind: "id", roomId: first.roomId }, { name: `P${i}` });
    await first.waitFor(() => first.state.players.size === MAX_PLAYERS_PER_ROOM, 3000, "room full");
    await assert.rejects(Bot.join(t.url, { kind: "id", roomId: first.roomId }, { name: "Extra" }), /locked|full|not found|maximum|maxClients/i);
    const overflow = await join(t.url, { kind: "quick" }, { name: "Overflow" });
    assert.notEqual(overflow.roomId, first.roomId);
    assert.equal(first.state.players.size, MAX_PLAYERS_PER_ROOM);
  });
});
