import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { InputDecoder, InputEncoder } from "@colyseus/schema/input";
import fc from "fast-check";
import { Bot } from "../bots/Bot.js";
import { PlainMoveInput, plainMoveInputDecoder } from "../server/arena/moveInputDecoder.js";
import { ARENA_WIDTH_UNITS } from "../shared/sim/constants.js";
import { MoveInput } from "../shared/schema/state.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

/** Decodes `frames` in order with Colyseus' decoder and with ours; returns both states after each frame. */
function both(frames: Uint8Array[]): Array<[string, string]> {
  const reference = new MoveInput();
  const referenceDecoder = new InputDecoder(reference as never);
  const generic = new MoveInput();
  const { input: ours, decoder } = plainMoveInputDecoder(new InputDecoder(generic as never), generic);
  return frames.map((frame) => {
    let threw = false;
    try {
      referenceDecoder.decode(frame);
    } catch {
      threw = true;
    }
    if (threw) assert.throws(() => decoder.decode(frame), "a frame Colyseus' decoder throws on throws here too");
    else decoder.decode(frame);
    return [`${reference.dx},${reference.dy},${reference.dash}`, `${ours.dx},${ours.dy},${ours.dash}`];
  });
}

describe("MoveInput decoder", () => {
  it("decodes every frame the SDK's encoder produces exactly as Colyseus' decoder does", () => {
    const input = new MoveInput();
    const encoder = new InputEncoder(input as never, { mode: "reliable" });
    const frames: Uint8Array[] = [];
    for (const dx of [-128, -1, 0, 1, 127]) {
      for (const dy of [-128, -1, 0, 1, 127]) {
        for (const dash of [0, 1, -1]) {
          input.dx = dx;
          input.dy = dy;
          input.dash = dash;
          frames.push(Uint8Array.from(encoder.encode()));
        }
      }
    }
    for (const [reference, ours] of both(frames)) assert.equal(ours, reference);
  });

  it("matches Colyseus' decoder on arbitrary byte strings (its own path or the fallback)", () => {
    const bytes = fc.uint8Array({ maxLength: 10 });
    const likely = fc
      .array(fc.tuple(fc.constantFrom(0x00, 0x01, 0x02, 0x80, 0x81, 0x82, 0x03, 0x40, 0xc0), fc.integer({ min: 0, max: 255 })), { maxLength: 5 })
      .map((pairs) => Uint8Array.from(pairs.flat()));
    // The schema decoder reports malformed input on the console; thousands of lines say nothing here.
    const { warn, error } = console;
    console.warn = console.error = () => undefined;
    try {
      fc.assert(
        fc.property(fc.array(fc.oneof(bytes, likely), { minLength: 1, maxLength: 6 }), (frames) => {
          for (const [reference, ours] of both(frames)) assert.equal(ours, reference);
        }),
        { seed: 20261125, numRuns: 3000 },
      );
    } finally {
      Object.assign(console, { warn, error });
    }
  });

  describe("in a room", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it("is the decoder the arena gives its clients, and players move with it", async () => {
      const bot = await Bot.join(server.url, { kind: "create" }, { name: "Mover" });
      const room = matchMaker.getLocalRoomById(bot.roomId)!;
      const client = room.clients.find((c) => c.sessionId === bot.sessionId) as unknown as { _inputDecoder: { decode: unknown }; _input: unknown };
      assert.notEqual(client._inputDecoder.decode, InputDecoder.prototype.decode, "the arena's clients use the MoveInput decoder");
      assert.ok(client._input instanceof PlainMoveInput, "and decode into a plain object");
      const x0 = bot.me!.x;
      bot.drive({ dx: x0 < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 });
      await bot.waitFor(() => Math.abs(bot.me!.x - x0) > 50, 3000, "moving");
      await bot.leave();
    });
  });
});
