import assert from "node:assert/strict";
import { Bot } from "../bots/Bot.js";
import { ARENA_WIDTH_UNITS, INPUT_BURST_STEPS, ORB_TARGET_COUNT, PLAYER_SPEED_UNITS_PER_S, TICK_RATE_HZ } from "../shared/sim/constants.js";
import { serverFixture } from "./helpers/fixture.js";

/** Direction along x with room to move for a while: towards the arena's centre. */
const towardCentre = (x: number) => (x < ARENA_WIDTH_UNITS / 2 ? 1 : -1);

describe("gameplay over real WebSockets", function () {
  const t = serverFixture({ roundMs: 60_000 });
  const join = t.join;

  it("two bots in one room see each other move", async () => {
    const a = await join(t.url, { kind: "create" }, { name: "Ann" });
    const b = await join(t.url, { kind: "id", roomId: a.roomId }, { name: "Ben" });
    await b.waitFor(() => b.state.players.get(a.sessionId)?.name === "Ann", 2000, "Ann in Ben's state");
    const startX = b.state.players.get(a.sessionId)!.x;
    a.drive({ dx: towardCentre(startX), dy: 0 });
    await b.waitFor(() => Math.abs(b.state.players.get(a.sessionId)!.x - startX) > 50, 3000, "Ann moving in Ben's view");
    await a.waitFor(() => Math.abs(a.me!.x - startX) > 50, 1000, "Ann seeing herself move");
    assert.equal(b.state.players.size, 2);
  });

  it("collecting orbs scores points, the field refills, and the other player sees the score", async () => {
    const a = await join(t.url, { kind: "create" }, { name: "Collector" });
    const b = await join(t.url, { kind: "id", roomId: a.roomId }, { name: "Watcher" });
    await a.waitFor(() => a.state.orbs.size === ORB_TARGET_COUNT, 2000, "orbs spawned");
    a.drive("orbs");
    await a.waitFor(() => a.me!.score >= 2, 15_000, "two orbs collected");
    await b.waitFor(() => (b.state.players.get(a.sessionId)?.score ?? 0) >= 2, 2000, "score visible to others");
    await a.waitFor(() => a.state.orbs.size === ORB_TARGET_COUNT, 2000, "field refilled");
    assert.equal(b.state.players.get(b.sessionId)!.score, 0, "an idle player scores nothing");
  });

  it("a flood of inputs does not move a player faster than the max speed", async () => {
    const flooder = await join(t.url, { kind: "create" }, { name: "Flood" });
    const dir = towardCentre(flooder.me!.x);
    const samples: Array<{ t: number; x: number }> = [];
    const record = () => samples.push({ t: performance.now(), x: flooder.me!.x });
    flooder.room.onStateChange(record);
    // Three inputs per tick: 90 inputs/s, under the disconnect threshold. Without a
    // server-side budget this would move three times the max speed.
    flooder.drive({ dx: dir, dy: 0 }, TICK_RATE_HZ * 3);
    await flooder.waitFor(() => samples.length > 0 && Math.abs(flooder.me!.x - samples[0]!.x) > 20, 3000, "moving");
    const from = samples.length - 1;
    await flooder.waitFor(() => performance.now() - samples[from]!.t > 1500, 3000, "1.5 s of flooding");
    flooder.stop();
    flooder.room.onStateChange.remove(record);
    const first = samples[from]!;
    const last = samples[samples.length - 1]!;
    const seconds = (last.t - first.t) / 1000;
    const speed = Math.abs(last.x - first.x) / seconds;
    const burst = INPUT_BURST_STEPS * (PLAYER_SPEED_UNITS_PER_S / TICK_RATE_HZ);
    const bound = PLAYER_SPEED_UNITS_PER_S + (burst + 2 * (PLAYER_SPEED_UNITS_PER_S / 20)) / seconds;
    assert.ok(speed <= bound, `flooder moved at ${speed.toFixed(1)} u/s; bound ${bound.toFixed(1)}`);
    assert.ok(speed >= PLAYER_SPEED_UNITS_PER_S * 0.8, `flooder still moves at full speed (${speed.toFixed(1)} u/s)`);
    assert.equal(flooder.left, undefined, "not disconnected");
  });

  it("out-of-range inputs (int8 extremes) move a player no faster than a fair one", async () => {
    const cheat = await join(t.url, { kind: "create" }, { name: "Cheat" });
    const dir = towardCentre(cheat.me!.x);
    const handle = cheat.room.input<{ dx: number; dy: number }>();
    const samples: Array<{ t: number; x: number; y: number }> = [];
    const record = () => samples.push({ t: performance.now(), x: cheat.me!.x, y: cheat.me!.y });
    cheat.room.onStateChange(record);
    const timer = setInterval(() => {
      handle.data.dx = dir * 127; // int8 extremes instead of ±1
      handle.data.dy = 0;
      handle.send();
    }, 1000 / TICK_RATE_HZ);
    try {
      await cheat.waitFor(() => samples.length > 1 && performance.now() - samples[0]!.t > 1500, 4000, "1.5 s of cheating");
    } finally {
      clearInterval(timer);
      cheat.room.onStateChange.remove(record);
    }
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    const speed = Math.abs(last.x - first.x) / ((last.t - first.t) / 1000);
    assert.ok(speed <= PLAYER_SPEED_UNITS_PER_S * 1.15, `moved at ${speed.toFixed(1)} u/s`);
    assert.ok(speed > PLAYER_SPEED_UNITS_PER_S * 0.5, `the input was applied as ±1 (${speed.toFixed(1)} u/s)`);
    assert.equal(last.y, first.y, "no drift on the other axis");
  });

  it("a client past the message-rate limit is disconnected, and the room carries on", async () => {
    const a = await join(t.url, { kind: "create" }, { name: "Calm" });
    const spammer = await join(t.url, { kind: "id", roomId: a.roomId }, { name: "Spam" });
    for (let i = 0; i < 400; i++) spammer.sendInput({ dx: 1, dy: 0 });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("spammer not disconnected")), 5000);
      spammer.room.onLeave(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    assert.ok(spammer.left !== undefined && spammer.left >= 4000, `closed with code ${spammer.left}`);
    await a.waitFor(() => !a.state.players.has(spammer.sessionId), 3000, "spammer removed");
    const x0 = a.me!.x;
    a.drive({ dx: towardCentre(x0), dy: 0 });
    await a.waitFor(() => Math.abs(a.me!.x - x0) > 30, 3000, "room still simulating");
  });

  it("names are cleaned and checked; a default is generated when none is given", async () => {
    const a = await join(t.url, { kind: "create" }, { name: "  Zed\u200b  " });
    assert.equal(a.me!.name, "Zed");
    const b = await join(t.url, { kind: "id", roomId: a.roomId });
    assert.match(b.me!.name, /^Player \d+$/);
    await assert.rejects(Bot.join(t.url, { kind: "id", roomId: a.roomId }, { name: "x".repeat(21) }), /INVALID_NAME/);
    await assert.rejects(Bot.join(t.url, { kind: "id", roomId: a.roomId }, { name: 42 as unknown as string }), /INVALID_OPTIONS/);
  });
});
