import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import WebSocket from "ws";
import { Bot } from "../bots/Bot.js";
import { ROOM } from "../shared/protocol.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

async function metricValue(httpUrl: string, name: string, labels = ""): Promise<number> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `) || (labels === "" && l.startsWith(`${name} `)));
  return line ? Number(line.split(" ").pop()) : Number.NaN;
}

/** Opens a WebSocket upgrade with an Origin header; resolves with the HTTP status of a refusal, or 101. */
function upgradeStatus(url: string, origin: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { Origin: origin } });
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("open", () => {
      resolve(101);
      ws.close();
    });
    ws.on("error", () => undefined);
  });
}

describe("operations: health, metrics, monitor, origins", function () {
  describe("default configuration", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it("answers /health and /health/ready with process, rooms, clients and Redis status", async () => {
      const bot = await Bot.join(server.url, { kind: "create" }, { name: "Healthy" });
      const res = await fetch(`${server.httpUrl}/health`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(body.status, "ok");
      assert.equal(body.pid, process.pid);
      assert.equal(typeof body.processId, "string");
      assert.equal(body.rooms, 1);
      assert.equal(body.clients, 1);
      assert.equal(body.redis, "none");
      assert.equal((await fetch(`${server.httpUrl}/health/ready`)).status, 200);
      await bot.leave();
    });

    it("counts what happened in Prometheus format", async () => {
      const joinsBefore = await metricValue(server.httpUrl, "orb_joins_total");
      const a = await Bot.join(server.url, { kind: "create" }, { name: "Counted" });
      await a.chat("one");
      await a.chat("").catch(() => undefined);
      a.drive({ dx: 1, dy: 0 });
      await a.waitFor(() => a.stats.inputsSent > 10, 3000, "inputs sent");
      a.stop();
      await a.waitFor(() => a.pendingInputs === 0, 3000, "inputs applied");
      await a.leave();
      const res = await fetch(`${server.httpUrl}/metrics`);
      assert.match(res.headers.get("content-type") ?? "", /text\/plain/);
      assert.equal(await metricValue(server.httpUrl, "orb_joins_total"), joinsBefore + 1);
      assert.ok((await metricValue(server.httpUrl, "orb_leaves_total")) >= 1);
      assert.ok((await metricValue(server.httpUrl, "orb_chat_messages_total", '{channel="room"}')) >= 1);
      assert.ok((await metricValue(server.httpUrl, "orb_rejected_messages_total", '{reason="EMPTY_MESSAGE"}')) >= 1);
      assert.ok((await metricValue(server.httpUrl, "orb_messages_total", '{type="input"}')) >= 10);
      assert.ok((await metricValue(server.httpUrl, "orb_tick_duration_seconds_count")) > 0);
      assert.ok((await metricValue(server.httpUrl, "orb_patch_bytes_total")) > 0);
      assert.ok(Number.isFinite(await metricValue(server.httpUrl, "nodejs_eventloop_lag_seconds")));
    });

    it("keeps /monitor closed without MONITOR_PASSWORD", async () => {
      assert.equal((await fetch(`${server.httpUrl}/monitor`)).status, 401);
      assert.equal((await fetch(`${server.httpUrl}/monitor/api`)).status, 401);
    });

    it("accepts page origins of its own host and localhost, refuses others (WebSocket and CORS)", async () => {
      const lobbyUrl = server.url.replace(/\/?$/, "/");
      assert.equal(await upgradeStatus(lobbyUrl, "https://evil.example"), 403);
      const res = await fetch(`${server.httpUrl}/matchmake/joinOrCreate/${ROOM.ARENA}`, {
        method: "POST",
        headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
        body: "{}",
      });
      assert.equal(res.headers.get("access-control-allow-origin"), null);
      const ok = await fetch(`${server.httpUrl}/matchmake/joinOrCreate/${ROOM.ARENA}`, {
        method: "OPTIONS",
        headers: { Origin: "http://localhost:5173" },
      });
      assert.equal(ok.headers.get("access-control-allow-origin"), "http://localhost:5173");
      // A client without an Origin (a bot) is not a browser and plays as usual.
      const bot = await Bot.join(server.url, { kind: "quick" });
      await bot.leave();
    });
  });

  describe("with MONITOR_PASSWORD and ALLOWED_ORIGINS", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({}, { MONITOR_PASSWORD: "s3cret", ALLOWED_ORIGINS: "https://play.example" });
    });
    after(() => server.close());

    it("serves the monitor only with the password", async () => {
      assert.equal((await fetch(`${server.httpUrl}/monitor/`)).status, 401);
      const wrong = Buffer.from("admin:nope").toString("base64");
      assert.equal((await fetch(`${server.httpUrl}/monitor/`, { headers: { Authorization: `Basic ${wrong}` } })).status, 401);
      const right = Buffer.from("admin:s3cret").toString("base64");
      assert.equal((await fetch(`${server.httpUrl}/monitor/`, { headers: { Authorization: `Basic ${right}` } })).status, 200);
    });

    it("allows exactly the listed origins", async () => {
      const room = await new Client(server.url).joinOrCreate(ROOM.ARENA, {});
      const wsUrl = server.url.replace(/\/?$/, "/");
      assert.equal(await upgradeStatus(wsUrl, "http://localhost:5173"), 403);
      const res = await fetch(`${server.httpUrl}/matchmake/joinOrCreate/${ROOM.ARENA}`, { method: "OPTIONS", headers: { Origin: "https://play.example" } });
      assert.equal(res.headers.get("access-control-allow-origin"), "https://play.example");
      await room.leave();
    });
  });
});
