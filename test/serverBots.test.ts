import assert from "node:assert/strict";
import { Bot } from "../bots/Bot.js";
import { HillBot } from "../bots/HillBot.js";
import { HILL_MOVE_MS } from "../shared/sim/hill.js";
import type { GameRoomMetadata } from "../shared/protocol.js";
import type { Player } from "../shared/schema/state.js";
import { ARENA_WIDTH_UNITS, PLAYER_SPEED_UNITS_PER_S } from "../shared/sim/constants.js";
import { serverFixture } from "./helpers/fixture.js";
import { LobbyWatcher } from "./helpers/lobby.js";

const BOT_FILL = 4;

function botsIn(bot: Bot): Array<[string, Player]> {
  return [...bot.state.players.entries()].filter(([, p]) => p.bot);
}

/** Path length per second of each player (by session id), from what `viewer` receives over `windowMs`. */
async function measureSpeeds(viewer: Bot, windowMs: number): Promise<Map<string, number>> {
  const last = new Map<string, { x: number; y: number }>();
  const travelled = new Map<string, number>();
  const sample = () => {
    for (const [sid, p] of viewer.state.players) {
      const prev = last.get(sid);
      if (prev) travelled.set(sid, (travelled.get(sid) ?? 0) + Math.hypot(p.x - prev.x, p.y - prev.y));
      last.set(sid, { x: p.x, y: p.y });
    }
  };
  let first: number | undefined;
  let end = 0;
  let patches = 0;
  const onPatch = () => {
    first ??= Date.now();
    end = Date.now();
    patches++;
    sample();
  };
  viewer.room.onStateChange(onPatch);
  await viewer.waitFor(() => first !== undefined && end - first >= windowMs, windowMs + 3000, "the measuring window");
  viewer.room.onStateChange.remove(onPatch);
  assert.ok(patches > windowMs / 100, `enough patches (${patches})`);
  const seconds = (end - first!) / 1000;
  return new Map([...travelled].map(([sid, d]) => [sid, d / seconds]));
}

describe("server bots fill empty seats (BOT_FILL=4)", function () {
  this.timeout(40_000);
  const t = serverFixture({ botFill: BOT_FILL, roundMs: 120_000 });

  it("a lone human gets bots up to BOT_FILL, marked and named as bots, counted apart in the lobby; they step aside for humans and go with the last one", async () => {
    const lobby = await LobbyWatcher.join(t.url);
    try {
      const ann = await t.join(t.url, { kind: "create" }, { name: "Ann" });
      await ann.waitFor(() => ann.state.players.size === BOT_FILL, 3000, "topped up to BOT_FILL");
      const bots = botsIn(ann);
      assert.equal(bots.length, BOT_FILL - 1);
      for (const [, p] of bots) assert.match(p.name, /^Bot \d+$/);
      assert.equal(ann.me?.bot, false);
      const listed = () => lobby.rooms.get(ann.roomId)?.metadata as GameRoomMetadata | undefined;
      await lobby.until(() => listed()?.humans === 1 && listed()?.bots === BOT_FILL - 1, 3000, "lobby: 1 human, 3 bots");
      assert.equal(lobby.rooms.get(ann.roomId)?.clients, 1, "bots are not clients");

      const humans = [ann];
      for (let i = 2; i <= BOT_FILL + 1; i++) {
        humans.push(await t.join(t.url, { kind: "id", roomId: ann.roomId }, { name: `H${i}` }));
        const expectedBots = Math.max(0, BOT_FILL - i);
        await ann.waitFor(() => botsIn(ann).length === expectedBots && ann.state.players.size === i + expectedBots, 3000, `${i} humans, ${expectedBots} bots`);
      }
      await lobby.until(() => listed()?.humans === BOT_FILL + 1 && listed()?.bots === 0, 3000, "lobby: humans only");

      for (const h of humans.splice(1)) await h.leave();
      await ann.waitFor(() => ann.state.players.size === BOT_FILL && botsIn(ann).length === BOT_FILL - 1, 3000, "bots back for the one left");
      await ann.leave();
      await lobby.until(() => !lobby.rooms.has(ann.roomId), 3000, "the bots went with the last human: the room is gone");
    } finally {
      await lobby.leave();
    }
  });

  it("bots move no faster than a human at full speed, and never chat", async () => {
    const ann = await t.join(t.url, { kind: "create" }, { name: "Ann" });
    await ann.waitFor(() => botsIn(ann).length === BOT_FILL - 1 && ann.state.phase === "playing", 3000, "bots seated, round on");
    const me = ann.me!;
    ann.drive({ dx: me.x < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 }); // straight across: the human's maximum speed
    await ann.waitFor(() => ann.pendingInputs > 0, 2000, "driving");
    const speeds = await measureSpeeds(ann, 1500);
    ann.stop();
    const human = speeds.get(ann.sessionId)!;
    const botSpeeds = botsIn(ann).map(([sid]) => speeds.get(sid) ?? 0);
    console.log(`      human ${human.toFixed(1)} u/s, bots ${botSpeeds.map((s) => s.toFixed(1)).join(", ")} u/s (PLAYER_SPEED ${PLAYER_SPEED_UNITS_PER_S})`);
    assert.ok(human > PLAYER_SPEED_UNITS_PER_S * 0.8, `the human ran at about full speed (${human})`);
    assert.ok(Math.max(...botSpeeds) > PLAYER_SPEED_UNITS_PER_S * 0.3, "the bots move");
    for (const s of botSpeeds) assert.ok(s <= human * 1.1 && s <= PLAYER_SPEED_UNITS_PER_S * 1.1, `a bot at ${s} u/s, human ${human} u/s`);
    const botNames = new Set(botsIn(ann).map(([, p]) => p.name));
    assert.deepEqual(ann.chats.filter((m) => botNames.has(m.name)), [], "no chat from a bot");
    assert.deepEqual(ann.history.filter((m) => botNames.has(m.name)), []);
  });

  it("King of the Hill: a lone player gets bots that walk to the hill", async () => {
    const king = await HillBot.join(t.url, { kind: "create" }, { name: "King" });
    try {
      const state = king.state;
      await king.bot.waitFor(() => state.players.size === BOT_FILL && state.phase === "playing", 3000, "hill topped up, round on");
      // Measured between two hill jumps (a jump moves the goal), with 3 s to spare.
      await king.bot.waitFor(() => state.hill.movesAt - king.room.clock.serverNow() > 3000, HILL_MOVE_MS + 2000, "time before the next jump");
      const bots = [...state.players.entries()].filter(([, p]) => p.bot);
      assert.equal(bots.length, BOT_FILL - 1);
      const distance = (p: Player) => Math.hypot(p.x - state.hill.x, p.y - state.hill.y);
      const start = new Map(bots.map(([sid, p]) => [sid, distance(p)]));
      await king.bot.waitFor(
        () => bots.every(([sid]) => { const p = state.players.get(sid); return !!p && (distance(p) < 30 || distance(p) < start.get(sid)! - 60); }),
        2500,
        "every bot closer to the hill",
      );
    } finally {
      await king.leave();
    }
  });
});
