import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../server/config.js";

describe("config", () => {
  it("has defaults for everything", () => {
    const config = loadConfig({});
    assert.equal(config.port, 2567);
    assert.equal(config.host, "0.0.0.0");
    assert.equal(config.logLevel, "info");
    assert.equal(config.game.roundMs, 120_000);
    assert.ok(Object.isFrozen(config));
  });

  it("reads and validates variables", () => {
    const config = loadConfig({ PORT: "9000", LOG_LEVEL: "debug", ROUND_SECONDS: "30", GAME_SEED: "42" });
    assert.equal(config.port, 9000);
    assert.equal(config.logLevel, "debug");
    assert.equal(config.game.roundMs, 30_000);
    assert.equal(config.game.seed, 42);
  });

  it("refuses bad values with one error naming each", () => {
    assert.throws(
      () => loadConfig({ PORT: "http", LOG_LEVEL: "loud", MAX_PAYLOAD_BYTES: "-1" }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.message.includes("PORT") &&
        err.message.includes("LOG_LEVEL") &&
        err.message.includes("MAX_PAYLOAD_BYTES"),
    );
  });
});
