/**
 * The dash over real WebSockets: bots on the SDK send MoveInput frames with `dash`, the real server
 * applies the shared step and decides hits. The rule works (a hit shoves and knocks points out as
 * orbs), it cannot be spammed (asking on every input dashes once per cooldown), and a client cannot
 * fake it (other dash values, a flood of inputs, or a dash from afar change nothing). Bounded waits.
 */
import assert from "node:assert/strict";
import { Bot } from "../bots/Bot.js";
import {
  DASH_COOLDOWN_STEPS,
  DASH_DURATION_STEPS,
  DASH_KNOCK_POINTS,
  DASH_SPEED_MULTIPLIER,
  INPUT_BURST_STEPS,
  PLAYER_RADIUS_UNITS,
  PLAYER_SPEED_UNITS_PER_S,
  TICK_RATE_HZ,
} from "../shared/sim/constants.js";
import type { DashIntent } from "../shared/sim/dash.js";
import { toAxis } from "../shared/sim/step.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const WALK_PER_STEP = PLAYER_SPEED_UNITS_PER_S / TICK_RATE_HZ;
const DASH_EXTRA_UNITS = (DASH_SPEED_MULTIPLIER - 1) * WALK_PER_STEP * DASH_DURATION_STEPS;
/** Positions reach a bot one patch late at either end of a measurement: a little slack, in units. */
const PATCH_SLACK_UNITS = 30;

/** Steps towards `to` (8-way), asking for a dash when `dash` says so. */
const towards = (from: { x: number; y: number }, to: { x: number; y: number }, dash = 0): DashIntent => ({
  dx: Math.abs(to.x - from.x) > 4 ? toAxis(to.x - from.x) : 0,
  dy: Math.abs(to.y - from.y) > 4 ? toAxis(to.y - from.y) : 0,
  dash,
});

describe("dash over the wire (bots, real server)", function () {
  this.timeout(30_000);
  let server: TestServer;
  const bots: Bot[] = [];
  const join = async (name: string, roomId?: string) => {
    const b = await Bot.join(server.url, roomId ? { kind: "id", roomId } : { kind: "create" }, { name });
    bots.push(b);
    return b;
  };

  before(async () => {
    server = await startTestServer({ roundMs: 120_000 });
  });
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.leave().catch(() => undefined)));
  });
  after(() => server.close());

  it("a dash into another player shoves it and knocks points out of it as orbs", async () => {
    const victim = await join("Victim");
    const dasher = await join("Dasher", victim.roomId);
    victim.drive("orbs");
    await victim.waitFor(() => (victim.me?.score ?? 0) >= DASH_KNOCK_POINTS + 1, 20_000, "the victim has points");
    victim.drive({ dx: 0, dy: 0 });
    const scoreBefore = victim.me!.score;
    // Walk up to the victim and dash into it once close (and again when ready, should a dash miss).
    dasher.drive((me) => {
      const them = dasher.state.players.get(victim.sessionId)!;
      const close = Math.hypot(them.x - me.x, them.y - me.y) < 4 * PLAYER_RADIUS_UNITS;
      const dash = close && me.dashCooldown === 0 ? 1 : 0; // again after the cooldown, should a dash miss
      return towards(me, them, dash);
    });
    await victim.waitFor(() => victim.me!.score < scoreBefore, 10_000, "points knocked out");
    const lost = scoreBefore - victim.me!.score;
    // Points it may have picked up meanwhile aside, a hit takes DASH_KNOCK_POINTS.
    assert.ok(lost >= 1 && lost <= DASH_KNOCK_POINTS, `lost ${lost}`);
    const where = { x: victim.me!.x, y: victim.me!.y };
    await dasher.waitFor(() => [...dasher.state.orbs.values()].some((o) => o.value === 1 && Math.hypot(o.x - where.x, o.y - where.y) < 200) || dasher.me!.score > 0, 2000, "the knocked points are on the field (or already eaten)");
  });

  /** How far `bot` may get in `ms` of steady inputs, walking, plus `dashes` dashes (and the burst the budget allows). */
  const reach = (ms: number, dashes: number) => ((ms / 1000) * TICK_RATE_HZ + INPUT_BURST_STEPS) * WALK_PER_STEP + dashes * DASH_EXTRA_UNITS;

  it("cannot be spammed: asking on every input dashes at most once per cooldown", async () => {
    const a = await join("Spammer");
    // To the left wall first, then run right asking for a dash on every input, for 600 units.
    a.drive((me) => towards(me, { x: 60, y: me.y }));
    await a.waitFor(() => a.me!.x < 70, 10_000, "at the left wall");
    const x0 = a.me!.x;
    const t0 = performance.now();
    a.drive({ dx: 1, dy: 0, dash: 1 });
    let dashed = false;
    await a.waitFor(() => {
      dashed ||= a.me!.dashSteps > 0 || a.me!.dashCooldown > 0;
      return a.me!.x - x0 >= 600;
    }, 8000, "600 units run");
    const ms = performance.now() - t0;
    a.drive({ dx: 0, dy: 0 });
    const dashes = Math.ceil(((ms / 1000) * TICK_RATE_HZ + INPUT_BURST_STEPS) / DASH_COOLDOWN_STEPS);
    // Dashing on every step would cover the 600 units in a third of the walking time.
    assert.ok(600 <= reach(ms, dashes) + 2 * PATCH_SLACK_UNITS, `600 units in ${ms.toFixed(0)} ms: faster than walking with ${dashes} dash(es) allows (${reach(ms, dashes).toFixed(0)})`);
    assert.ok(dashed, "and it did dash (the server's counters showed it)");
  });

  it("cannot be faked: other dash values, a flood of inputs, or a dash from afar change nothing", async () => {
    const victim = await join("Bystander");
    const a = await join("Faker", victim.roomId);
    victim.drive("orbs");
    await victim.waitFor(() => (victim.me?.score ?? 0) >= 2, 20_000, "the bystander has points");
    victim.drive({ dx: 0, dy: 0 });
    await victim.waitFor(() => victim.pendingInputs === 0, 2000, "the bystander stands still");
    const score = victim.me!.score;
    const at = { x: victim.me!.x, y: victim.me!.y };
    // To the far side with dash = 127 on every input: a value other than 1 is no dash, walking speed only.
    const wall = at.x < 800 ? 1540 : 60;
    a.drive((me) => towards(me, { x: wall, y: me.y }, 127));
    const x0 = a.me!.x;
    const t0 = performance.now();
    await a.waitFor(() => Math.abs(a.me!.x - x0) >= Math.min(300, Math.abs(wall - x0) - 10), 6000, "walked");
    const ms = performance.now() - t0;
    assert.ok(Math.abs(a.me!.x - x0) <= reach(ms, 0) + PATCH_SLACK_UNITS, `dash = 127 moved ${Math.abs(a.me!.x - x0).toFixed(0)} in ${ms.toFixed(0)} ms`);
    await a.waitFor(() => Math.abs(a.me!.x - wall) < 10, 10_000, "at the far wall");
    a.stop();
    assert.ok(Math.hypot(a.me!.x - at.x, a.me!.y - at.y) > 300, "far from the bystander");
    // A flood of inputs all asking to dash, into the wall: the server dashes (its cooldown shows it), touching nobody.
    assert.equal(a.me!.dashCooldown, 0, "no dash so far");
    a.drive({ dx: wall > 800 ? 1 : -1, dy: 0, dash: 1 }, 3 * TICK_RATE_HZ);
    await a.waitFor(() => a.me!.dashCooldown > 0, 5000, "the server applied a dash");
    a.stop();
    assert.equal(victim.me!.score, score, "a dash that never touched took nothing");
    assert.deepEqual({ x: victim.me!.x, y: victim.me!.y }, at, "nor moved it");
  });
});
