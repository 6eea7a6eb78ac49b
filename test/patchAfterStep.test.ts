import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Bot } from "../bots/Bot.js";
import { PatchCadence, patchAfterSteps } from "../server/platform/loop/patchAfterStep.js";
import { ARENA_WIDTH_UNITS, PATCH_INTERVAL_MS, TICK_RATE_HZ } from "../shared/sim/constants.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const microtasks = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("patches after the simulation step", () => {
  it("follow two of every three steps at 30 Hz / 20 Hz, never more than two steps apart", () => {
    const cadence = new PatchCadence(TICK_RATE_HZ, 1000 / PATCH_INTERVAL_MS);
    const due = Array.from({ length: 300 }, () => cadence.step());
    assert.equal(due.filter(Boolean).length, 200);
    assert.deepEqual(due.slice(0, 6), [false, true, true, false, true, true]);
    for (let i = 1; i < due.length; i++) assert.ok(due[i] || due[i - 1], `two steps in a row without a patch at ${i}`);
    assert.throws(() => new PatchCadence(30, 31), RangeError);
    assert.throws(() => new PatchCadence(30, 0), RangeError);
  });

  it("turn the room's patch timer off and send one patch per timer run, however many steps it ran", async () => {
    let patches = 0;
    const room = { patchRate: 50 as number | null, broadcastPatch: () => void patches++ };
    const afterStep = patchAfterSteps(room, 30, 50, () => assert.fail("no error expected"));
    assert.equal(room.patchRate, null);
    const timerRun = async (steps: number) => {
      for (let i = 0; i < steps; i++) afterStep();
      await microtasks();
    };
    await timerRun(1); // run 1: no patch
    assert.equal(patches, 0);
    await timerRun(3); // run 2 (a late timer catching up three steps): one patch
    assert.equal(patches, 1);
    await timerRun(1); // run 3
    assert.equal(patches, 2);
    await timerRun(1); // run 4: no patch
    assert.equal(patches, 2);
  });

  it("report a throwing patch instead of letting it escape", async () => {
    const errors: unknown[] = [];
    const room = { patchRate: 50 as number | null, broadcastPatch: () => { throw new Error("boom"); } };
    const afterStep = patchAfterSteps(room, 1, 1000, (err) => errors.push(err));
    afterStep();
    await microtasks();
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /boom/);
  });

  describe("in the arena", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it("has no patch timer of its own: every patch follows a step, two of every three at most", async () => {
      const bot = await Bot.join(server.url, { kind: "create" }, { name: "Mover" });
      type Arena = { patchRate: number | null; broadcastPatch(): boolean; step(dt: number): void };
      const room = matchMaker.getLocalRoomById(bot.roomId)! as unknown as Arena;
      assert.equal(room.patchRate, null);
      // The fixed-step timer calls `this.step` by name, so an own property sees every step.
      const events: Array<"step" | "patch"> = [];
      const { step, broadcastPatch } = room;
      room.step = (dt) => {
        events.push("step");
        step.call(room, dt);
      };
      room.broadcastPatch = () => {
        events.push("patch");
        return broadcastPatch.call(room);
      };
      const x0 = bot.me!.x;
      bot.drive({ dx: x0 < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 });
      const count = (kind: "step" | "patch") => events.filter((e) => e === kind).length;
      await bot.waitFor(() => count("patch") >= 30 && Math.abs(bot.me!.x - x0) > 50, 10_000, "moving, 30 patches");
      delete (room as Partial<Arena>).step;
      delete (room as Partial<Arena>).broadcastPatch;
      await bot.leave();
      const steps = count("step");
      const patches = count("patch");
      events.forEach((e, i) => assert.ok(e === "step" || events[i - 1] === "step", `event ${i}: a patch that no step preceded`));
      assert.ok(patches <= Math.ceil((steps * 2) / 3) + 1, `${patches} patches for ${steps} steps`);
      // Fewer only when a late timer ran several steps at once (one patch after them).
      assert.ok(patches >= steps * 0.4, `${patches} patches for ${steps} steps`);
    });
  });
});
