import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { Bot } from "../bots/Bot.js";
import { HillBot } from "../bots/HillBot.js";
import { JOIN_ERROR, ROOM, type GameRoomMetadata } from "../shared/protocol.js";
import { HillState } from "../shared/schema/hill.js";
import { MAX_PLAYERS_PER_ROOM } from "../shared/sim/constants.js";
import { serverFixture } from "./helpers/fixture.js";
import { LobbyWatcher } from "./helpers/lobby.js";

/** The seat counts a lobby lists for a room. */
function listed(lobby: LobbyWatcher, roomId: string): GameRoomMetadata | undefined {
  return lobby.rooms.get(roomId)?.metadata as GameRoomMetadata | undefined;
}

describe("spectators over real WebSockets", function () {
  this.timeout(30_000);
  const t = serverFixture({ maxSpectators: 3 });
  const watchers: Bot[] = [];
  const watch = async (roomId: string, name = "Sam") => {
    const w = await Bot.watch(t.url, roomId, { name });
    watchers.push(w);
    return w;
  };
  afterEach(async () => {
    await Promise.all(watchers.splice(0).map((w) => w.leave().catch(() => undefined)));
  });

  it("watches live without a seat: not in players, counted in the state and the listing, sees players move", async () => {
    const lobby = await LobbyWatcher.join(t.url);
    try {
      const ann = await t.join(t.url, { kind: "create" }, { name: "Ann" });
      const sam = await watch(ann.roomId);
      await sam.waitFor(() => sam.state.spectators === 1 && sam.state.players.size === 1, 3000, "one spectator, one player");
      assert.equal(sam.state.players.has(sam.sessionId), false);
      assert.equal(sam.me, undefined);
      await ann.waitFor(() => ann.state.spectators === 1, 3000, "players see the count too");
      await lobby.until(() => listed(lobby, ann.roomId)?.spectators === 1 && listed(lobby, ann.roomId)?.humans === 1, 3000, "listing counts");
      assert.equal(listed(lobby, ann.roomId)?.bots, 0);
      assert.equal(lobby.rooms.get(ann.roomId)?.clients, 2, "Colyseus counts both clients");
      const startX = sam.state.players.get(ann.sessionId)!.x;
      ann.drive({ dx: startX < 800 ? 1 : -1, dy: 0 });
      await sam.waitFor(() => Math.abs(sam.state.players.get(ann.sessionId)!.x - startX) > 40, 3000, "the watcher sees the player move");
      ann.stop();
      await sam.leave();
      await lobby.until(() => listed(lobby, ann.roomId)?.spectators === 0, 3000, "count drops when the watcher leaves");
      await ann.waitFor(() => ann.state.spectators === 0, 3000, "state count drops");
    } finally {
      await lobby.leave();
    }
  });

  it("a spectator's inputs move nobody and give it no seat", async () => {
    const ann = await t.join(t.url, { kind: "create" }, { name: "Ann" });
    const sam = await watch(ann.roomId);
    await sam.waitFor(() => sam.state.players.size === 1, 3000, "state");
    const before = { x: ann.me!.x, y: ann.me!.y };
    // 60 input frames: two seconds of movement (> 300 units) for a seated player.
    for (let i = 0; i < 60; i++) sam.sendInput({ dx: 1, dy: 1 });
    const ack = await sam.chat("after the inputs"); // answered after the room has read the frames before it
    assert.ok(ack.id > 0);
    let patches = 0;
    const count = () => patches++;
    ann.room.onStateChange(count);
    await ann.waitFor(() => patches >= 10, 3000, "ten patches (≥ 15 ticks) after the inputs");
    ann.room.onStateChange.remove(count);
    assert.deepEqual({ x: ann.me!.x, y: ann.me!.y }, before, "the player did not move");
    assert.equal(ann.state.players.has(sam.sessionId), false, "the spectator has no player");
    assert.equal(sam.left, undefined, "the spectator was not disconnected");
    assert.equal(sam.state.spectators, 1);
    // The frames were thrown away by the server (acknowledged as consumed), not left to pile up.
    await sam.waitFor(() => sam.pendingInputs === 0, 3000, "spectator inputs discarded");
  });

  it("chats under its name marked (watching), like a player (docs/decisions: spectators chat)", async () => {
    const ann = await t.join(t.url, { kind: "create" }, { name: "Ann" });
    const sam = await watch(ann.roomId, "Sam");
    const ack = await sam.chat("nice move");
    assert.ok(ack.id > 0);
    await ann.waitFor(() => ann.chats.some((m) => m.text === "nice move"), 3000, "the player receives it");
    assert.equal(ann.chats.find((m) => m.text === "nice move")?.name, "Sam (watching)");
  });

  it(`a full room (${MAX_PLAYERS_PER_ROOM} players) can be watched but not joined; quick play and spectate-by-quick-play are refused`, async () => {
    const first = await t.join(t.url, { kind: "create" }, { name: "P1" });
    for (let i = 2; i <= MAX_PLAYERS_PER_ROOM; i++) await t.join(t.url, { kind: "id", roomId: first.roomId }, { name: `P${i}` });
    await first.waitFor(() => first.state.players.size === MAX_PLAYERS_PER_ROOM, 3000, "room full");
    const sam = await watch(first.roomId);
    await sam.waitFor(() => sam.state.players.size === MAX_PLAYERS_PER_ROOM && sam.state.spectators === 1, 3000, "watching a full room");
    await assert.rejects(Bot.join(t.url, { kind: "id", roomId: first.roomId }, { name: "Extra" }), /full/i);
    const overflow = await t.join(t.url, { kind: "quick" }, { name: "Overflow" });
    assert.notEqual(overflow.roomId, first.roomId);
    await assert.rejects(new Client(t.url).joinOrCreate(ROOM.ARENA, { spectate: true }), (err: { code?: number; message?: string }) => {
      assert.equal(err.code, JOIN_ERROR.INVALID_OPTIONS);
      assert.match(String(err.message), /spectate/);
      return true;
    });
    await assert.rejects(new Client(t.url).create(ROOM.ARENA, { spectate: true }), /INVALID_OPTIONS/);

    // Switch to playing: once a seat is free, the watcher joins the same room as a player.
    await first.leave();
    await sam.waitFor(() => sam.state.players.size === MAX_PLAYERS_PER_ROOM - 1, 3000, "a seat frees up");
    const roomId = sam.roomId;
    await sam.leave();
    const player = await t.join(t.url, { kind: "id", roomId }, { name: "Sam" });
    assert.equal(player.me?.name, "Sam");
    await player.waitFor(() => player.state.players.size === MAX_PLAYERS_PER_ROOM && player.state.spectators === 0, 3000, "the watcher now plays");
  });

  it("admits at most MAX_SPECTATORS watchers (3 here)", async () => {
    const ann = await t.join(t.url, { kind: "create" }, { name: "Ann" });
    for (let i = 0; i < 3; i++) await watch(ann.roomId, `W${i}`);
    await ann.waitFor(() => ann.state.spectators === 3, 3000, "three watching");
    await assert.rejects(Bot.watch(t.url, ann.roomId, { name: "W4" }), /full/i);
    await watchers.pop()!.leave();
    await ann.waitFor(() => ann.state.spectators === 2, 3000, "one left");
    await watch(ann.roomId, "W5");
    await ann.waitFor(() => ann.state.spectators === 3, 3000, "a freed spectator seat is taken again");
    assert.equal(ann.state.players.size, 1);
  });

  it("quick play prefers the room with more humans, whatever its spectators", async () => {
    const lobby = await LobbyWatcher.join(t.url);
    try {
      const watched = await t.join(t.url, { kind: "create" }, { name: "Alone" });
      await watch(watched.roomId, "S1");
      await watch(watched.roomId, "S2");
      const busy = await t.join(t.url, { kind: "create" }, { name: "B1" });
      await t.join(t.url, { kind: "id", roomId: busy.roomId }, { name: "B2" });
      await lobby.until(() => listed(lobby, watched.roomId)?.spectators === 2 && listed(lobby, busy.roomId)?.humans === 2, 3000, "both listed");
      assert.equal(lobby.rooms.get(watched.roomId)?.clients, 3, "more clients in the watched room");
      const quick = await t.join(t.url, { kind: "quick" }, { name: "Quick" });
      assert.equal(quick.roomId, busy.roomId);
    } finally {
      await lobby.leave();
    }
  });

  it("King of the Hill rooms can be watched too", async () => {
    const king = await HillBot.join(t.url, { kind: "create" }, { name: "King" });
    try {
      const room = await new Client(t.url).joinById(king.roomId, { name: "Fan", spectate: true }, HillState);
      try {
        const fan = Bot.attach(room);
        await fan.waitFor(() => room.state.spectators === 1 && room.state.players.size === 1, 3000, "watching the hill");
        assert.equal(room.state.players.has(room.sessionId), false);
        assert.ok(room.state.hill.x > 0);
      } finally {
        await room.leave();
      }
    } finally {
      await king.leave();
    }
  });
});
