/**
 * The dash, as a rule: the shared step (server and client predictor) and the server's hits, on
 * plain objects (like test/sim.test.ts). Over the wire with bots: test/dashProtocol.test.ts.
 */
import assert from "node:assert/strict";
import {
  ARENA_WIDTH_UNITS,
  DASH_COOLDOWN_STEPS,
  DASH_DURATION_STEPS,
  DASH_HIT_IMMUNITY_TICKS,
  DASH_KNOCK_POINTS,
  DASH_KNOCKBACK_UNITS,
  DASH_SPEED_MULTIPLIER,
  PLAYER_RADIUS_UNITS,
  PLAYER_SPEED_UNITS_PER_S,
  TICK_RATE_HZ,
} from "../shared/sim/constants.js";
import { bump, spillSpots, stepDasher, type DashIntent } from "../shared/sim/dash.js";
import { createRng } from "../shared/sim/rng.js";
import { InputBudget } from "../server/arena/rules/inputBudget.js";
import { OrbField } from "../shared/sim/orbField.js";
import { tickArena, type ArenaBody, type InputQueue, type TickWorld } from "../shared/sim/arenaTick.js";
import { ROUND_PHASE } from "../shared/schema/state.js";
import type { OrbLike } from "../shared/sim/orbs.js";

const DT = 1 / TICK_RATE_HZ;
const WALK = PLAYER_SPEED_UNITS_PER_S * DT;
const body = (x = 500, y = 500) => ({ x, y, dashSteps: 0, dashCooldown: 0 });

describe("dash (shared step)", () => {
  it("moves DASH_SPEED_MULTIPLIER times faster for DASH_DURATION_STEPS steps, then walks", () => {
    const p = body(200);
    const moved: number[] = [];
    for (let i = 0; i < DASH_DURATION_STEPS + 2; i++) {
      const x0 = p.x;
      const dashing = stepDasher(p, { dx: 1, dy: 0, dash: i === 0 ? 1 : 0 }, DT);
      moved.push(p.x - x0);
      assert.equal(dashing, i < DASH_DURATION_STEPS, `step ${i}`);
    }
    for (let i = 0; i < DASH_DURATION_STEPS; i++) assert.ok(Math.abs(moved[i]! - DASH_SPEED_MULTIPLIER * WALK) < 1e-9, `dash step ${i} moved ${moved[i]}`);
    assert.ok(Math.abs(moved[DASH_DURATION_STEPS]! - WALK) < 1e-9);
  });

  it("cannot be spammed: asking every step dashes once per DASH_COOLDOWN_STEPS", () => {
    const p = body(20);
    let starts = 0;
    let wasDashing = false;
    const steps = 3 * DASH_COOLDOWN_STEPS;
    for (let i = 0; i < steps; i++) {
      const dx = p.x > ARENA_WIDTH_UNITS - 100 ? -1 : p.x < 100 ? 1 : i % 2 === 0 ? 1 : -1;
      const dashing = stepDasher(p, { dx, dy: 0, dash: 1 }, DT);
      if (dashing && !wasDashing) starts++;
      wasDashing = dashing;
    }
    assert.equal(starts, steps / DASH_COOLDOWN_STEPS);
  });

  it("needs a direction, and any dash value but 1 is no dash", () => {
    const still = body();
    assert.equal(stepDasher(still, { dx: 0, dy: 0, dash: 1 }, DT), false);
    assert.equal(still.dashCooldown, 0, "a dash asked for standing still is not spent");
    for (const dash of [0, 2, -1, 127, Number.NaN, undefined]) {
      const p = body();
      assert.equal(stepDasher(p, { dx: 1, dy: 0, dash } as DashIntent, DT), false, `dash = ${dash}`);
    }
  });

  it("replays identically (server and predictor run the same step)", () => {
    const rng = createRng(7);
    const inputs: DashIntent[] = Array.from({ length: 400 }, () => ({ dx: Math.floor(rng() * 3) - 1, dy: Math.floor(rng() * 3) - 1, dash: rng() < 0.1 ? 1 : 0 }));
    const a = body();
    const b = body();
    for (const input of inputs) stepDasher(a, input, DT);
    for (const input of inputs) stepDasher(b, { ...input }, DT);
    assert.deepEqual(a, b);
  });
});

describe("dash hits (authority)", () => {
  it("a touching dash shoves the other player away and knocks up to DASH_KNOCK_POINTS out", () => {
    const target = { x: 530, y: 500, score: 7 };
    const hit = bump({ x: 500, y: 500 }, target);
    assert.deepEqual(hit, { points: DASH_KNOCK_POINTS, at: { x: 530, y: 500 } });
    assert.equal(target.x, 530 + DASH_KNOCKBACK_UNITS);
    assert.equal(target.score, 7 - DASH_KNOCK_POINTS);
    const poor = { x: 500, y: 520, score: 1 };
    assert.equal(bump({ x: 500, y: 500 }, poor)?.points, 1, "no more than it has");
    assert.equal(poor.score, 0);
    assert.equal(bump({ x: 500, y: 500 }, { x: 500 + 2 * PLAYER_RADIUS_UNITS, y: 500, score: 3 }), undefined, "not touching");
  });

  it("spilled orbs fall inside the arena, one per point", () => {
    const spots = spillSpots({ x: 5, y: 5 }, 3);
    assert.equal(spots.length, 3);
    for (const s of spots) assert.ok(s.x >= 0 && s.y >= 0 && s.x <= ARENA_WIDTH_UNITS);
  });

  /** Two players in a tick world with scripted inputs. */
  function world(inputs: Record<string, DashIntent[]>) {
    const players = new Map<string, ArenaBody & { score: number }>([
      ["a", { ...body(500, 500), score: 0 }],
      ["b", { ...body(500 + 2 * PLAYER_RADIUS_UNITS + 30, 500), score: 5 }],
    ]);
    const orbs = new Map<string, OrbLike>();
    const queue = (id: string): InputQueue => ({
      get size() {
        return inputs[id]?.length ?? 0;
      },
      next: () => inputs[id]?.shift(),
    });
    const w: TickWorld = {
      state: { players, orbs, phase: ROUND_PHASE.PLAYING, round: 1, phaseEndsAt: 1e12 },
      orbs: new OrbField(createRng(1), (o) => o),
      budgets: new Map([...players.keys()].map((id) => [id, new InputBudget()])),
      inputsOf: queue,
    };
    return { w, players, orbs };
  }

  it("in the tick: A dashes into B once; B is shoved, its points fall as orbs by it, and it is immune for a while", () => {
    const dashInputs = Array.from({ length: DASH_DURATION_STEPS }, (_, i): DashIntent => ({ dx: 1, dy: 0, dash: i === 0 ? 1 : 0 }));
    const { w, players, orbs } = world({ a: dashInputs });
    const b = players.get("b")!;
    const at = { x: b.x, y: b.y };
    const timing = { roundMs: 1e9, intermissionMs: 1000 };
    let hits = 0;
    for (let t = 0; t < DASH_DURATION_STEPS; t++) hits += tickArena(w, DT, t * 33, timing).bumps;
    assert.equal(hits, 1, "one hit per dash");
    assert.equal(b.score, 5 - DASH_KNOCK_POINTS);
    assert.ok(Math.hypot(b.x - at.x, b.y - at.y) >= DASH_KNOCKBACK_UNITS - 1e-9, "B was shoved away");
    assert.ok(w.hitImmunity?.has("b"), "B is immune for a while");
    const spilled = [...orbs.values()].filter((o) => o.value === 1 && Math.abs(Math.hypot(o.x - at.x, o.y - at.y) - (2 * PLAYER_RADIUS_UNITS + 10)) < 1.5).length;
    assert.equal(players.get("a")!.score + spilled, DASH_KNOCK_POINTS, "every knocked point is an orb, or already in A's score");
  });

  it("in the tick: no hits outside a round, and a walking player shoves nobody", () => {
    const walk = world({ a: Array.from({ length: 10 }, (): DashIntent => ({ dx: 1, dy: 0 })) });
    let hits = 0;
    for (let t = 0; t < 10; t++) hits += tickArena(walk.w, DT, t * 33, { roundMs: 1e9, intermissionMs: 1000 }).bumps;
    assert.equal(hits, 0);
    assert.equal(walk.players.get("b")!.score, 5);
    const ended = world({ a: Array.from({ length: DASH_DURATION_STEPS }, (_, i): DashIntent => ({ dx: 1, dy: 0, dash: i === 0 ? 1 : 0 })) });
    ended.w.state.phase = ROUND_PHASE.ENDED;
    for (let t = 0; t < DASH_DURATION_STEPS; t++) hits += tickArena(ended.w, DT, t * 33, { roundMs: 1e9, intermissionMs: 1e9 }).bumps;
    assert.equal(hits, 0);
    assert.equal(ended.players.get("b")!.score, 5);
  });
});
