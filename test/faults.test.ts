import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Bot } from "../bots/Bot.js";
import { ARENA_WIDTH_UNITS } from "../shared/sim/constants.js";
import { GameProcess } from "./helpers/gameProcess.js";
import { captureLogs } from "./helpers/logCapture.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

async function keepsMoving(bot: Bot, label: string) {
  const x0 = bot.me!.x;
  bot.drive({ dx: x0 < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 });
  await bot.waitFor(() => Math.abs(bot.me!.x - x0) > 40, 3000, label);
  bot.stop();
}

describe("faults", function () {
  this.timeout(30_000);

  describe("an exception inside a room", () => {
    let server: TestServer;
    const logs = captureLogs();
    before(async () => {
      server = await startTestServer({}, {}, logs.logger);
    });
    after(() => server.close());

    it("in the tick or a handler is caught, logged with context, and stops nothing", async () => {
      const victim = await Bot.join(server.url, { kind: "create" }, { name: "Victim" });
      const bystander = await Bot.join(server.url, { kind: "create" }, { name: "Bystander" });
      const room = matchMaker.getLocalRoomById(victim.roomId) as unknown as {
        orbField: { refill: (...args: unknown[]) => void };
        chatContext: { nameOf: (...args: unknown[]) => string };
      };
      // A bug in the game rules, once, inside the fixed timestep.
      const refill = room.orbField.refill.bind(room.orbField);
      let thrown = false;
      room.orbField.refill = (...args: unknown[]) => {
        if (!thrown) {
          thrown = true;
          throw new Error("boom in the tick");
        }
        refill(...args);
      };
      const tickLine = await logs.waitFor((l) => l.event === "room_exception" && l.roomId === victim.roomId);
      assert.equal(tickLine.method, "setFixedTimestep");
      assert.match(JSON.stringify(tickLine.err), /boom in the tick/);

      // A bug inside a message handler.
      const nameOf = room.chatContext.nameOf;
      room.chatContext.nameOf = () => {
        throw new Error("boom in a handler");
      };
      await victim.chat("this handler throws").catch(() => undefined);
      const handlerLine = await logs.waitFor((l) => l.event === "room_exception" && l.method === "onMessage");
      assert.match(JSON.stringify(handlerLine.err), /boom in a handler/);
      room.chatContext.nameOf = nameOf;

      // Both rooms play on; the victim's room still serves chat.
      await keepsMoving(victim, "victim's room still ticking");
      await keepsMoving(bystander, "other room unaffected");
      const ack = await victim.chat("fine again");
      assert.equal(typeof ack.id, "number");
      await Promise.all([victim.leave(), bystander.leave()]);
    });
  });

  describe("graceful shutdown", () => {
    it("on SIGTERM tells connected clients the server is restarting (4001) and exits 0 with no exception", async () => {
      const game = await GameProcess.start({ LOG_LEVEL: "info" });
      const a = await Bot.join(game.url, { kind: "create" }, { name: "A" });
      const b = await Bot.join(game.url, { kind: "id", roomId: a.roomId }, { name: "B" });
      const closeCodes = Promise.all([a, b].map((bot) => new Promise<number>((resolve) => bot.room.onLeave((code) => resolve(code)))));
      a.drive("random");
      game.kill("SIGTERM");
      const exit = await game.exited;
      assert.deepEqual(await closeCodes, [4001, 4001]);
      assert.equal(exit.code, 0, game.log.slice(-2000));
      assert.doesNotMatch(game.log, /Error|exception|at .*\(.*:\d+:\d+\)/i, "nothing escaped");
      assert.match(game.log, /"event":"shutdown","signal":"SIGTERM"/);
      assert.match(game.log, /"event":"stopped"/);
    });
  });
});
