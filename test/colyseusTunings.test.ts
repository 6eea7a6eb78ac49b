import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Bot } from "../bots/Bot.js";
import { RedisServer } from "../server/launch/redisServer.js";
import { ConfigError, loadConfig } from "../server/config.js";
import { SteadyInterval } from "../server/platform/loop/steadyTimestep.js";
import { TUNING_NAMES } from "../server/platform/colyseus/tuningNames.js";
import { Tunings, type TuningStatus } from "../server/platform/colyseus/tunings.js";
import { assertTestedColyseus, installedVersions } from "../server/platform/colyseus/version.js";
import { ARENA_WIDTH_UNITS } from "../shared/sim/constants.js";
import { serverFixture } from "./helpers/fixture.js";
import { captureLogs } from "./helpers/logCapture.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

async function tuningsOnHealth(httpUrl: string): Promise<Record<string, TuningStatus>> {
  const res = await fetch(`${httpUrl}/health`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { tunings: Record<string, TuningStatus> }).tunings;
}

describe("Colyseus tunings", function () {
  describe("a server on Redis with the installed Colyseus", () => {
    let redis: RedisServer | undefined;
    let server: TestServer | undefined;
    before(async () => {
      redis = await RedisServer.start();
      server = await startTestServer({}, { REDIS_URL: redis.url });
    });
    after(async () => {
      await server?.close();
      await redis?.stop();
    });

    it("reports every tuning active on /health (an upgrade that breaks one fails here)", async () => {
      const tunings = await tuningsOnHealth(server!.httpUrl);
      assert.deepEqual(Object.keys(tunings).sort(), [...TUNING_NAMES].sort(), "every tuning reported");
      for (const name of TUNING_NAMES) assert.deepEqual(tunings[name], { active: true }, `${name}: ${tunings[name]?.reason}`);
    });
  });

  describe("with COLYSEUS_TUNINGS_OFF=all (stock Colyseus 0.18)", () => {
    const t = serverFixture({ roundMs: 60_000 }, { COLYSEUS_TUNINGS_OFF: "all" });

    it("reports each tuning inactive, off by config", async () => {
      const tunings = await tuningsOnHealth(t.httpUrl);
      for (const name of TUNING_NAMES) assert.deepEqual(tunings[name], { active: false, reason: "off by config" }, name);
    });

    it("plays a short game with bots: both see each other move, chat is acknowledged", async () => {
      const a = await t.join(t.url, { kind: "create" }, { name: "Ann" });
      const b = await t.join(t.url, { kind: "id", roomId: a.roomId }, { name: "Ben" });
      const room = matchMaker.getLocalRoomById(a.roomId) as unknown as { _simulationInterval?: unknown; patchRate: number | null };
      assert.ok(!(room._simulationInterval instanceof SteadyInterval), "the steps run on Colyseus' own interval");
      assert.equal(typeof room.patchRate, "number", "patches go out on Colyseus' own timer");
      await b.waitFor(() => b.state.players.get(a.sessionId)?.name === "Ann", 2000, "Ann in Ben's state");
      const startX = b.state.players.get(a.sessionId)!.x;
      a.drive({ dx: startX < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 });
      await b.waitFor(() => Math.abs(b.state.players.get(a.sessionId)!.x - startX) > 50, 3000, "Ann moving in Ben's view");
      a.stop();
      const ack = await b.chat("stock and still playing");
      assert.equal(typeof ack.id, "number");
    });
  });

  it("switches tunings off one by one, and refuses an unknown name", () => {
    assert.deepEqual(loadConfig({ COLYSEUS_TUNINGS_OFF: " listingMirror, patchBytes " }).colyseusTuningsOff, ["listingMirror", "patchBytes"]);
    assert.deepEqual(loadConfig({}).colyseusTuningsOff, []);
    assert.throws(() => loadConfig({ COLYSEUS_TUNINGS_OFF: "listingMirror,turbo" }), (err: unknown) => err instanceof ConfigError && /COLYSEUS_TUNINGS_OFF.*unknown: turbo/.test(err.message));
  });

  it("reports a tuning whose internal is missing as inactive with the reason, logged at error level", async () => {
    const logs = captureLogs();
    const tunings = new Tunings(["patchBytes"], logs.logger);
    tunings.probed("inputDecoder", "room._inputController.allocate is not there");
    tunings.probed("patchBytes", "ignored: already off by config");
    tunings.probed("slowClientDrop", undefined);
    const report = tunings.report();
    assert.deepEqual(report.inputDecoder, { active: false, reason: "room._inputController.allocate is not there" });
    assert.deepEqual(report.patchBytes, { active: false, reason: "off by config" });
    assert.deepEqual(report.slowClientDrop, { active: true });
    const line = await logs.waitFor((l) => l.event === "tuning_inactive");
    assert.equal(line.level, 50, "error level");
    assert.equal(line.tuning, "inputDecoder");
  });

  it("refuses to start outside the tested Colyseus range, saying which package and range", () => {
    assert.doesNotThrow(() => assertTestedColyseus());
    const installed = installedVersions();
    assert.throws(() => assertTestedColyseus({ ...installed, "@colyseus/core": "0.19.0" }), /@colyseus\/core 0\.19\.0 is outside the tested range >= 0\.18\.17 < 0\.18\.18/);
    assert.throws(() => assertTestedColyseus({ ...installed, "@colyseus/core": "0.18.16" }), /outside the tested range/);
  });
});
