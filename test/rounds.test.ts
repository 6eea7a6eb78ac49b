import assert from "node:assert/strict";
import { Bot } from "../bots/Bot.js";
import { ROUND_PHASE } from "../shared/schema/state.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

describe("rounds", function () {
  this.timeout(20_000);
  let server: TestServer;
  const bots: Bot[] = [];
  before(async () => {
    // Short rounds through server config (players cannot shorten rounds from join options).
    server = await startTestServer({ roundMs: 2500, intermissionMs: 700 });
  });
  after(async () => {
    await Promise.all(bots.splice(0).map((b) => b.leave().catch(() => undefined)));
    await server.close();
  });

  it("plays a timed round, broadcasts the result, pauses, resets scores and starts the next", async () => {
    const scorer = await Bot.join(server.url, { kind: "create" }, { name: "Scorer", roundMs: 1 } as never);
    const idle = await Bot.join(server.url, { kind: "id", roomId: scorer.roomId }, { name: "Idle" });
    bots.push(scorer, idle);
    await scorer.waitFor(() => scorer.state.phase === ROUND_PHASE.PLAYING, 2000, "round playing");
    const round = scorer.state.round;
    const endsAt = scorer.state.phaseEndsAt;
    const left = endsAt - scorer.room.clock.serverNow();
    assert.ok(left > 1000 && left <= 2500 + 100, `round ends in ${left} ms on the room clock (join options cannot shorten it)`);
    scorer.drive("orbs");
    await scorer.waitFor(() => scorer.me!.score >= 1, 5000, "a point");
    // Standing still from here: orbs refill only at free spots, so a player who stands still collects nothing
    // more, and the next round's first patch shows its reset score (a moving one could touch an orb at once).
    scorer.stop();
    await idle.waitFor(() => idle.rounds.length === 1, 5000, "round result");
    const result = idle.rounds[0]!;
    assert.equal(result.round, round);
    assert.equal(result.winner, scorer.sessionId);
    assert.equal(result.winnerName, "Scorer");
    assert.deepEqual(result.scores.map((s) => s.sessionId), [scorer.sessionId, idle.sessionId]);
    assert.ok(result.scores[0]!.score >= 1);
    assert.equal(idle.state.phase, ROUND_PHASE.ENDED);
    // Scores stay visible during the intermission, then reset when the next round starts.
    assert.ok(idle.state.players.get(scorer.sessionId)!.score >= 1);
    await idle.waitFor(() => idle.state.phase === ROUND_PHASE.PLAYING && idle.state.round === round + 1, 3000, "next round");
    assert.equal(idle.state.players.get(scorer.sessionId)!.score, 0);
  });
});
