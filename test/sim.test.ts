import assert from "node:assert/strict";
import {
  ARENA_HEIGHT_UNITS,
  ARENA_WIDTH_UNITS,
  INPUT_BURST_STEPS,
  ORB_TARGET_COUNT,
  PLAYER_RADIUS_UNITS,
  PLAYER_SPEED_UNITS_PER_S,
  TICK_RATE_HZ,
} from "../shared/sim/constants.js";
import { stepPlayer } from "../shared/sim/step.js";
import { findFreeSpot, touches, type OrbLike } from "../shared/sim/orbs.js";
import { createRng } from "../shared/sim/rng.js";
import { InputBudget } from "../server/arena/rules/inputBudget.js";
import { OrbField } from "../shared/sim/orbField.js";
import { advanceRound, type RoundClock } from "../shared/sim/round.js";
import { roundResult } from "../server/arena/rules/scoreboard.js";

const DT = 1 / TICK_RATE_HZ;
const STEP = PLAYER_SPEED_UNITS_PER_S * DT;

describe("shared simulation step", () => {
  it("moves one step at max speed along an axis", () => {
    const p = { x: 500, y: 500 };
    stepPlayer(p, { dx: 1, dy: 0 }, DT);
    assert.ok(Math.abs(p.x - (500 + STEP)) < 1e-9);
    assert.equal(p.y, 500);
    stepPlayer(p, { dx: 0, dy: -1 }, DT);
    assert.ok(Math.abs(p.y - (500 - STEP)) < 1e-9);
  });

  it("normalizes diagonals to the same max speed", () => {
    const p = { x: 500, y: 500 };
    stepPlayer(p, { dx: -1, dy: 1 }, DT);
    const distance = Math.hypot(p.x - 500, p.y - 500);
    assert.ok(Math.abs(distance - STEP) < 1e-9, `diagonal moved ${distance}, expected ${STEP}`);
  });

  it("covers speed × time over many steps", () => {
    const p = { x: 100, y: 500 };
    for (let i = 0; i < TICK_RATE_HZ; i++) stepPlayer(p, { dx: 1, dy: 0 }, DT);
    assert.ok(Math.abs(p.x - 100 - PLAYER_SPEED_UNITS_PER_S) < 1e-6);
  });

  it("keeps the circle inside the arena", () => {
    const p = { x: 5, y: 5 };
    stepPlayer(p, { dx: -1, dy: -1 }, DT);
    assert.deepEqual(p, { x: PLAYER_RADIUS_UNITS, y: PLAYER_RADIUS_UNITS });
    const q = { x: ARENA_WIDTH_UNITS - 21, y: ARENA_HEIGHT_UNITS - 21 };
    for (let i = 0; i < 10; i++) stepPlayer(q, { dx: 1, dy: 1 }, DT);
    assert.deepEqual(q, { x: ARENA_WIDTH_UNITS - PLAYER_RADIUS_UNITS, y: ARENA_HEIGHT_UNITS - PLAYER_RADIUS_UNITS });
  });

  it("treats out-of-range and NaN axes as their sign or zero", () => {
    const p = { x: 500, y: 500 };
    stepPlayer(p, { dx: 100, dy: Number.NaN }, DT);
    assert.ok(Math.abs(p.x - (500 + STEP)) < 1e-9);
    assert.equal(p.y, 500);
  });

  it("is deterministic: the same inputs give the same positions", () => {
    const inputs = Array.from({ length: 200 }, (_, i) => ({ dx: (i % 3) - 1, dy: ((i >> 2) % 3) - 1 }));
    const a = { x: 300, y: 300 };
    const b = { x: 300, y: 300 };
    for (const input of inputs) stepPlayer(a, input, DT);
    for (const input of inputs) stepPlayer(b, input, DT);
    assert.deepEqual(a, b);
  });
});

describe("orbs", () => {
  it("detects touching circles", () => {
    assert.equal(touches({ x: 0, y: 0 }, { x: 27, y: 0 }), true);
    assert.equal(touches({ x: 0, y: 0 }, { x: 29, y: 0 }), false);
  });

  it("credits a touched orb to the player and removes it; refills to the target", () => {
    const field = new OrbField(createRng(1), (o) => ({ ...o }));
    const orbs = new Map<string, OrbLike>([
      ["a", { x: 100, y: 100, value: 5 }],
      ["b", { x: 900, y: 900, value: 1 }],
    ]);
    const player = { x: 110, y: 100, score: 2 };
    const awarded = field.collect(orbs, [player]);
    assert.equal(awarded, 5);
    assert.equal(player.score, 7);
    assert.deepEqual([...orbs.keys()], ["b"]);
    field.refill(orbs, [player]);
    assert.equal(orbs.size, ORB_TARGET_COUNT);
    for (const orb of orbs.values()) assert.ok(!touches(player, orb), "no orb spawns on a player");
  });

  it("keeps collecting right across calls: each orb once, refilled orbs, and orbs changed outside the field", () => {
    const field = new OrbField(createRng(3), (o) => ({ ...o }));
    const orbs = new Map<string, OrbLike>([["a", { x: 100, y: 100, value: 1 }]]);
    const player = { x: 500, y: 500, score: 0 };
    assert.equal(field.collect(orbs, [player]), 0);
    player.x = 100;
    player.y = 100;
    assert.equal(field.collect(orbs, [player]), 1);
    assert.equal(field.collect(orbs, [player]), 0, "a collected orb is not credited twice");
    field.refill(orbs, [player], 3);
    const fresh = [...orbs.values()][0]!;
    player.x = fresh.x;
    player.y = fresh.y;
    assert.equal(field.collect(orbs, [player]), fresh.value, "an orb added by refill is collectable on the next call");
    orbs.set("outside", { x: 1200, y: 300, value: 5 });
    player.x = 1200;
    player.y = 300;
    assert.equal(field.collect(orbs, [player]), 5, "an orb added to the map directly is seen too");
    assert.equal(orbs.has("outside"), false);
  });

  it("finds free spots away from bodies, deterministically per seed", () => {
    const bodies = [{ x: 800, y: 500 }];
    const a = findFreeSpot(createRng(7), bodies);
    const b = findFreeSpot(createRng(7), bodies);
    assert.deepEqual(a, b);
    assert.ok(Math.hypot(a.x - 800, a.y - 500) >= 40);
  });
});

describe("input budget", () => {
  it("applies one buffered input per tick at a steady rate", () => {
    const budget = new InputBudget();
    for (let i = 0; i < 100; i++) assert.equal(budget.grant(1), 1);
  });

  it("bounds a flood to one input per tick plus the burst", () => {
    const budget = new InputBudget();
    let applied = 0;
    for (let tick = 0; tick < 300; tick++) applied += budget.grant(1000);
    assert.ok(applied <= 300 + INPUT_BURST_STEPS, `applied ${applied} in 300 ticks`);
    assert.ok(applied >= 300);
  });

  it("lets a client catch up after jitter, within the burst", () => {
    const budget = new InputBudget();
    assert.equal(budget.grant(0), 0);
    assert.equal(budget.grant(0), 0);
    assert.equal(budget.grant(3), 3);
  });
});

describe("round lifecycle", () => {
  const timing = { roundMs: 1000, intermissionMs: 200 };

  it("waits, plays for the round length, ends, pauses, restarts", () => {
    const r: RoundClock = { phase: "waiting", round: 0, phaseEndsAt: 0 };
    assert.equal(advanceRound(r, 0, 0, timing), null);
    assert.equal(advanceRound(r, 10, 1, timing), "started");
    assert.deepEqual(r, { phase: "playing", round: 1, phaseEndsAt: 1010 });
    assert.equal(advanceRound(r, 1009, 1, timing), null);
    assert.equal(advanceRound(r, 1010, 1, timing), "ended");
    assert.equal(r.phase, "ended");
    assert.equal(advanceRound(r, 1100, 1, timing), null);
    assert.equal(advanceRound(r, 1210, 1, timing), "started");
    assert.equal(r.round, 2);
  });

  it("goes back to waiting when everyone leaves mid-round", () => {
    const r: RoundClock = { phase: "playing", round: 3, phaseEndsAt: 5000 };
    assert.equal(advanceRound(r, 100, 0, timing), "paused");
    assert.equal(r.phase, "waiting");
  });

  it("names the unique top scorer as winner, and nobody on a tie or zero", () => {
    const result = roundResult(4, [
      ["s1", { name: "Ann", score: 3 }],
      ["s2", { name: "Bob", score: 9 }],
    ]);
    assert.equal(result.winner, "s2");
    assert.deepEqual(result.scores.map((s) => s.score), [9, 3]);
    assert.equal(roundResult(1, [["a", { name: "A", score: 2 }], ["b", { name: "B", score: 2 }]]).winner, null);
    assert.equal(roundResult(1, [["a", { name: "A", score: 0 }]]).winner, null);
  });
});
