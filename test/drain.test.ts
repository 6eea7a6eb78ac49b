/**
 * Deploys that do not end games (DRAIN_SECONDS): on SIGTERM a real game process turns not ready, refuses new
 * players, lets the running round finish, then closes the room with 4001 and exits 0; a round longer than the drain
 * is closed with 4001 when the drain time is up. Real process, real bots.
 */
import assert from "node:assert/strict";
import { Bot } from "../bots/Bot.js";
import { GameProcess } from "./helpers/gameProcess.js";
import { until } from "./helpers/until.js";

async function readiness(p: GameProcess): Promise<number> {
  const res = await fetch(`${p.httpUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.status;
}

describe("draining on SIGTERM (DRAIN_SECONDS)", function () {
  this.timeout(60_000);

  it("a running round finishes: not ready at once, new players refused, the room closes with 4001 after the round ends, exit 0", async () => {
    const p = await GameProcess.start({ DRAIN_SECONDS: "30", ROUND_SECONDS: "6", INTERMISSION_SECONDS: "5" });
    try {
      const player = await Bot.join(p.url, { kind: "create" }, { name: "Stayer" });
      player.drive("orbs");
      await player.waitFor(() => player.state.phase === "playing", 5000, "round playing");
      let endedAt: number | undefined;
      let leftAt: number | undefined;
      const watch = setInterval(() => {
        if (endedAt === undefined && player.state.phase === "ended") endedAt = performance.now();
      }, 10);
      // The close is an event: note it (and whether the result had arrived) when it happens, not at the next poll.
      player.room.onLeave(() => {
        const now = performance.now();
        if (endedAt === undefined && player.state.phase === "ended") endedAt = now;
        leftAt ??= now;
      });
      try {
        const sentAt = performance.now();
        p.kill("SIGTERM");
        const notReadyMs = await until(async () => (await readiness(p)) === 503, 2000, "not ready");
        await assert.rejects(Bot.join(p.url, { kind: "quick" }, { name: "Late" }), "a new player was let in while draining");
        await assert.rejects(Bot.join(p.url, { kind: "id", roomId: player.roomId }, { name: "ByCode" }), "a join by code was let in while draining");
        assert.equal(player.left, undefined, "the player was closed out before the round ended");
        await until(() => player.left !== undefined, 15_000, "player closed after the round");
        assert.equal(player.left, 4001);
        assert.ok(endedAt !== undefined && leftAt !== undefined && leftAt >= endedAt, `the round ended before the room closed (ended at ${endedAt}, closed at ${leftAt})`);
        const exit = await p.exited;
        assert.equal(exit.code, 0);
        assert.match(p.log, /"event":"drained","finished":1,"cut":0/);
        console.log(
          `      [measured] drain: not ready ${Math.round(notReadyMs)} ms after SIGTERM; the running round finished and the room closed ${Math.round(leftAt! - endedAt!)} ms after its end, ${((leftAt! - sentAt) / 1000).toFixed(1)} s after SIGTERM`,
        );
      } finally {
        clearInterval(watch);
      }
    } finally {
      await p.stop();
    }
  });

  it("a round longer than the drain is closed with 4001 when the drain time is up", async () => {
    const p = await GameProcess.start({ DRAIN_SECONDS: "2", ROUND_SECONDS: "120" });
    try {
      const player = await Bot.join(p.url, { kind: "create" }, { name: "Cut" });
      await player.waitFor(() => player.state.phase === "playing", 5000, "round playing");
      const sentAt = performance.now();
      p.kill("SIGTERM");
      await until(() => player.left !== undefined, 6000, "player closed at the end of the drain");
      const closedMs = performance.now() - sentAt;
      assert.equal(player.left, 4001);
      assert.equal(player.state.phase, "playing", "closed mid-round");
      assert.ok(closedMs >= 1900, `closed ${Math.round(closedMs)} ms after SIGTERM, before the drain time`);
      assert.equal((await p.exited).code, 0);
      assert.match(p.log, /"event":"drained","finished":0,"cut":1/);
    } finally {
      await p.stop();
    }
  });
});
