import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Bot } from "../bots/Bot.js";
import { EventEmitter } from "node:events";
import { nextPhaseFraction, SteadyInterval, steadyTimestep } from "../server/platform/loop/steadyTimestep.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

function within<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs a SteadyInterval for `runs` runs; `during(i)` is called inside run i. Returns each run's due and start. */
function record(periodMs: number, phase: number, runs: number, during: (i: number) => void = () => undefined) {
  return new Promise<Array<{ due: number; start: number; instants: number }>>((resolve) => {
    const seen: Array<{ due: number; start: number; instants: number }> = [];
    const interval = new (class extends SteadyInterval {
      protected override fire(dueMs: number, instants: number): void {
        seen.push({ due: dueMs, start: performance.now(), instants });
        super.fire(dueMs, instants);
      }
    })(periodMs, phase, () => {
      during(seen.length - 1);
      if (seen.length === runs) {
        interval.stop();
        resolve(seen);
      }
    });
  });
}

describe("steady fixed-step timer", () => {
  it("spreads the phases of any number of consecutive rooms evenly over the step", () => {
    for (const n of [2, 5, 13, 40, 100]) {
      const phases = Array.from({ length: n }, nextPhaseFraction).sort((a, b) => a - b);
      const gaps = phases.map((p, i) => (i === 0 ? p + 1 - phases[n - 1]! : p - phases[i - 1]!));
      assert.ok(Math.max(...gaps) < 3 / n, `${n} rooms: largest gap ${Math.max(...gaps).toFixed(3)} of a step`);
    }
  });

  it("runs on its own schedule, never early, and a late run does not shift the runs after it", async () => {
    const period = 20;
    const runs = await record(period, 0.25, 12, (i) => {
      if (i !== 4) return;
      const until = performance.now() + 3.5 * period; // block the event loop for 3.5 periods
      while (performance.now() < until);
    });
    const grid = (t: number) => {
      const k = (t - 0.25 * period) / period;
      return Math.abs(k - Math.round(k));
    };
    for (const [i, run] of runs.entries()) {
      assert.ok(grid(run.due) < 1e-6, `run ${i} due at ${run.due} is on the schedule phase + k × period`);
      assert.ok(run.start >= run.due, `run ${i} started ${(run.due - run.start).toFixed(2)} ms early`);
      if (i > 0) assert.ok(run.due > runs[i - 1]!.due, "dues increase");
    }
    // The run after the blocked one covers the instants it missed; the next due is the first instant after it.
    assert.ok(runs[5]!.instants >= 3, `the run after the blocked one covers the missed instants (${runs[5]!.instants})`);
    assert.equal(Math.round((runs[6]!.due - runs[5]!.due) / period), runs[5]!.instants);
    for (let i = 7; i < runs.length; i++) assert.equal(Math.round(runs[i]!.due - runs[i - 1]!.due), period);
    for (const [i, run] of runs.entries()) if (i !== 5) assert.equal(run.instants, 1, `run ${i} covers one instant`);
  });

  it("replaces the room's interval, ticks its clock on every run, and stops when the room starts disposing", async () => {
    const events = new EventEmitter();
    let ticks = 0;
    let steps = 0;
    const interval = setInterval(() => assert.fail("the replaced interval must not run"), 5);
    let threeRuns!: () => void;
    const ran = new Promise<void>((resolve) => (threeRuns = resolve));
    const room = { _simulationInterval: interval as unknown, clock: { tick: () => void ticks++ }, _events: events };
    const stop = steadyTimestep(room, 100, () => {
      steps++;
      if (ticks >= 3) threeRuns();
    });
    assert.ok(stop);
    const steady = room._simulationInterval as SteadyInterval;
    assert.ok(steady instanceof SteadyInterval);
    await within(ran, 3000, "three runs");
    assert.ok(steps >= ticks, `the clock ticks once per run, before its steps (${ticks} ticks, ${steps} steps)`);
    events.emit("dispose");
    assert.equal(steady.stopped, true);
    assert.equal(steadyTimestep({ clock: { tick: () => undefined } }, 30, () => undefined), undefined, "no interval to replace: nothing changes");
  });

  describe("in the arena", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it("drives the room's steps, and stops with the room", async () => {
      const bot = await Bot.join(server.url, { kind: "create" }, { name: "Steady" });
      const room = matchMaker.getLocalRoomById(bot.roomId)! as unknown as { _simulationInterval: unknown; clock: { elapsedTime: number } };
      const steady = room._simulationInterval;
      assert.ok(steady instanceof SteadyInterval, "the arena's step timer is a SteadyInterval");
      const t0 = room.clock.elapsedTime;
      await bot.waitFor(() => room.clock.elapsedTime > t0 + 200, 3000, "the room clock advancing with the steps");
      const stop = steady.stop.bind(steady);
      const stopped = new Promise<void>((resolve) => {
        steady.stop = () => {
          stop();
          resolve();
        };
      });
      await bot.leave();
      await within(stopped, 5000, "the step timer stopping when the empty room is disposed");
    });
  });
});
