import assert from "node:assert/strict";
import { resolve } from "node:path";
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

  it("reads MAX_SPECTATORS and BOT_FILL (defaults 32 and 4; bots at most the 16 seats)", () => {
    assert.deepEqual([loadConfig({}).game.maxSpectators, loadConfig({}).game.botFill], [32, 4]);
    const config = loadConfig({ MAX_SPECTATORS: "0", BOT_FILL: "0" });
    assert.deepEqual([config.game.maxSpectators, config.game.botFill], [0, 0]);
    assert.throws(() => loadConfig({ BOT_FILL: "17", MAX_SPECTATORS: "-1" }), (err: unknown) => err instanceof ConfigError && err.message.includes("BOT_FILL") && err.message.includes("MAX_SPECTATORS"));
  });

  it("reads the HTTP limits, proxy trust and /metrics access", () => {
    const defaults = loadConfig({});
    assert.equal(defaults.trustProxyHops, 0);
    assert.deepEqual({ ...defaults.http }, { matchmakeMaxBodyBytes: 4096, matchmakeMaxJsonDepth: 8, headersTimeoutMs: 20_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 });
    assert.deepEqual({ ...defaults.metrics }, { token: undefined, port: undefined, host: "0.0.0.0" });
    const set = loadConfig({ HOST: "10.0.0.1", TRUST_PROXY_HOPS: "2", METRICS_PORT: "9100", METRICS_TOKEN: "t".repeat(16), HTTP_HEADERS_TIMEOUT_SECONDS: "5" });
    assert.equal(set.trustProxyHops, 2);
    assert.equal(set.http.headersTimeoutMs, 5000);
    assert.deepEqual({ ...set.metrics }, { token: "t".repeat(16), port: 9100, host: "10.0.0.1" });
    assert.throws(() => loadConfig({ HTTP_HEADERS_TIMEOUT_SECONDS: "60", HTTP_REQUEST_TIMEOUT_SECONDS: "30" }), /HTTP_HEADERS_TIMEOUT_SECONDS/);
    assert.throws(() => loadConfig({ METRICS_TOKEN: "short" }), /METRICS_TOKEN/);
    assert.throws(() => loadConfig({ METRICS_PORT: "2567" }), /METRICS_PORT/);
    assert.throws(() => loadConfig({ TRUST_PROXY_HOPS: "-1" }), /TRUST_PROXY_HOPS/);
    assert.throws(() => loadConfig({ MATCHMAKE_MAX_BODY_BYTES: "10" }), /MATCHMAKE_MAX_BODY_BYTES/);
  });

  it("reads the replay settings (REPLAY_DIR resolved, limits, REPLAYS on|off) and refuses bad ones", () => {
    const defaults = loadConfig({});
    assert.deepEqual({ ...defaults.replays }, {
      dir: resolve("replays"),
      keepCount: 500,
      keepBytes: 64 * 1024 * 1024,
      maxFileBytes: 1024 * 1024,
      record: true,
      requestsPerMinute: 120,
    });
    assert.ok(Object.isFrozen(defaults.replays));
    const set = loadConfig({ REPLAY_DIR: "var/rep", REPLAY_KEEP_COUNT: "10", REPLAY_KEEP_BYTES: "2000000", REPLAY_MAX_FILE_BYTES: "65536", REPLAYS: "off", REPLAY_REQUESTS_PER_MINUTE: "30" });
    assert.deepEqual({ ...set.replays }, { dir: resolve("var/rep"), keepCount: 10, keepBytes: 2_000_000, maxFileBytes: 65_536, record: false, requestsPerMinute: 30 });
    assert.equal(loadConfig({ REPLAYS: "ON" }).replays.record, true);
    assert.throws(
      () => loadConfig({ REPLAYS: "maybe", REPLAY_KEEP_COUNT: "0", REPLAY_KEEP_BYTES: "lots", REPLAY_MAX_FILE_BYTES: "1.5", REPLAY_REQUESTS_PER_MINUTE: "0", REPLAY_DIR: "  " }),
      (err: unknown) =>
        err instanceof ConfigError &&
        ["REPLAYS must", "REPLAY_KEEP_COUNT", "REPLAY_KEEP_BYTES", "REPLAY_MAX_FILE_BYTES", "REPLAY_REQUESTS_PER_MINUTE", "REPLAY_DIR"].every((name) => err.message.includes(name)),
    );
    assert.throws(() => loadConfig({ REPLAY_KEEP_BYTES: "100000", REPLAY_MAX_FILE_BYTES: "200000" }), /REPLAY_MAX_FILE_BYTES must not exceed REPLAY_KEEP_BYTES/);
    // No larger than the viewer and the CLI read (MAX_REPLAY_FILE_BYTES): a kept file must be watchable.
    assert.throws(() => loadConfig({ REPLAY_MAX_FILE_BYTES: String(8 * 1024 * 1024) }), /REPLAY_MAX_FILE_BYTES/);
    assert.throws(() => loadConfig({ REPLAY_KEEP_COUNT: "1000000" }), /REPLAY_KEEP_COUNT/);
  });
});
