import assert from "node:assert/strict";
import { ARENA_HEIGHT_UNITS, ARENA_WIDTH_UNITS } from "../shared/sim/constants.js";
import {
  HILL_MIN_JUMP_UNITS,
  HILL_MOVE_MS,
  HILL_POINT_STEPS,
  HILL_RADIUS_UNITS,
  HILL_WALL_MARGIN_UNITS,
  hillHolder,
  isOnHill,
  moveHill,
  nextHillSpot,
  stepHill,
  vacateHill,
  type Contender,
  type HillZone,
} from "../shared/sim/hill.js";
import { createRng } from "../shared/sim/rng.js";

const hillAt = (x: number, y: number, movesAt = HILL_MOVE_MS): HillZone => ({ x, y, movesAt, king: "", charge: 0, contested: false });
const player = (x: number, y: number, score = 0): Contender => ({ x, y, score });

describe("King of the Hill rules (shared/sim/hill.ts)", () => {
  it("a player is on the hill when its centre is within the radius", () => {
    const hill = { x: 500, y: 500 };
    assert.equal(isOnHill({ x: 500 + HILL_RADIUS_UNITS, y: 500 }, hill), true);
    assert.equal(isOnHill({ x: 500 + HILL_RADIUS_UNITS + 1, y: 500 }, hill), false);
    assert.equal(isOnHill({ x: 500, y: 500 }, hill), true);
  });

  it("the holder is the only player on the hill; two on it contest it", () => {
    const hill = { x: 500, y: 500 };
    assert.deepEqual(hillHolder([["a", { x: 500, y: 500 }], ["b", { x: 100, y: 100 }]], hill), { king: "a", contested: false });
    assert.deepEqual(hillHolder([["a", { x: 500, y: 500 }], ["b", { x: 520, y: 480 }]], hill), { king: "", contested: true });
    assert.deepEqual(hillHolder([["a", { x: 100, y: 100 }]], hill), { king: "", contested: false });
    assert.deepEqual(hillHolder([], hill), { king: "", contested: false });
  });

  it("a king alone on the hill scores one point per HILL_POINT_STEPS steps", () => {
    const hill = hillAt(500, 500);
    const players = new Map([["a", player(500, 500)], ["b", player(100, 100)]]);
    const rng = createRng(1);
    const scoredAt: number[] = [];
    for (let i = 1; i <= 3 * HILL_POINT_STEPS; i++) {
      const { scored } = stepHill(hill, players, 0, rng);
      if (scored) scoredAt.push(i);
      assert.equal(hill.king, "a");
    }
    assert.deepEqual(scoredAt, [HILL_POINT_STEPS, 2 * HILL_POINT_STEPS, 3 * HILL_POINT_STEPS]);
    assert.equal(players.get("a")!.score, 3);
    assert.equal(players.get("b")!.score, 0);
    assert.equal(hill.charge, 0);
  });

  it("a contested hill charges nobody, and a new king starts from an empty charge", () => {
    const hill = hillAt(500, 500);
    const a = player(500, 500);
    const b = player(100, 100);
    const players = new Map([["a", a], ["b", b]]);
    const rng = createRng(2);
    for (let i = 0; i < HILL_POINT_STEPS - 1; i++) stepHill(hill, players, 0, rng);
    assert.equal(hill.charge, HILL_POINT_STEPS - 1);
    b.x = 510; // b steps on: contested
    b.y = 510;
    for (let i = 0; i < 3 * HILL_POINT_STEPS; i++) stepHill(hill, players, 0, rng);
    assert.deepEqual({ king: hill.king, contested: hill.contested, charge: hill.charge }, { king: "", contested: true, charge: 0 });
    assert.equal(a.score + b.score, 0);
    a.x = 100; // a walks off: b is king, from zero
    stepHill(hill, players, 0, rng);
    assert.deepEqual({ king: hill.king, contested: hill.contested, charge: hill.charge }, { king: "b", contested: false, charge: 1 });
  });

  it("the hill jumps when due, at least HILL_MIN_JUMP_UNITS away, inside the walls, and empties its charge", () => {
    const hill = hillAt(800, 500, 1000);
    const players = new Map([["a", player(800, 500)]]);
    const rng = createRng(3);
    stepHill(hill, players, 999, rng);
    assert.equal(hill.charge, 1);
    const { moved } = stepHill(hill, players, 1000, rng);
    assert.equal(moved, true);
    assert.ok(Math.hypot(hill.x - 800, hill.y - 500) >= HILL_MIN_JUMP_UNITS, `jumped to ${hill.x},${hill.y}`);
    assert.equal(hill.movesAt, 1000 + HILL_MOVE_MS);
    assert.equal(hill.king, "", "the king stayed behind");
    assert.equal(hill.charge, 0);
  });

  it("spots are whole units with the whole hill inside the walls, for any seed", () => {
    const margin = HILL_RADIUS_UNITS + HILL_WALL_MARGIN_UNITS;
    for (let seed = 0; seed < 200; seed++) {
      const rng = createRng(seed);
      let from = nextHillSpot(rng);
      for (let i = 0; i < 10; i++) {
        const spot = nextHillSpot(rng, from);
        assert.ok(Number.isInteger(spot.x) && Number.isInteger(spot.y));
        assert.ok(spot.x >= margin && spot.x <= ARENA_WIDTH_UNITS - margin, `x ${spot.x}`);
        assert.ok(spot.y >= margin && spot.y <= ARENA_HEIGHT_UNITS - margin, `y ${spot.y}`);
        from = spot;
      }
    }
  });

  it("is deterministic: the same seed and steps give the same hill and scores", () => {
    const run = () => {
      const hill = hillAt(0, 0, 0);
      const rng = createRng(42);
      const players = new Map([["a", player(300, 300)], ["b", player(1200, 700)]]);
      for (let step = 0; step < 2000; step++) {
        const a = players.get("a")!;
        a.x = hill.x; // a chases the hill at once; b stays put
        a.y = hill.y;
        stepHill(hill, players, step * 33, rng);
      }
      return { hill: { ...hill }, scores: [...players.values()].map((p) => p.score) };
    };
    assert.deepEqual(run(), run());
    assert.ok(run().scores[0]! > 0);
  });

  it("moveHill and vacateHill leave nobody on the hill", () => {
    const hill: HillZone = { x: 400, y: 400, movesAt: 0, king: "a", charge: 7, contested: true };
    vacateHill(hill);
    assert.deepEqual({ king: hill.king, charge: hill.charge, contested: hill.contested }, { king: "", charge: 0, contested: false });
    hill.king = "a";
    moveHill(hill, createRng(5), 5000);
    assert.equal(hill.movesAt, 5000 + HILL_MOVE_MS);
    assert.equal(hill.king, "");
  });
});
