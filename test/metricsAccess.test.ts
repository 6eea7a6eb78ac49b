import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "./helpers/server.js";

const TOKEN = "scrape-token-0123456789abcdef";

async function scrape(url: string, authorization?: string): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(url, { headers: authorization ? { Authorization: authorization } : {} });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe("/metrics protection", function () {
  describe("METRICS_TOKEN", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({}, { METRICS_TOKEN: TOKEN });
    });
    after(() => server.close());

    it("answers 401 without the bearer token and 200 with it", async () => {
      const url = `${server.httpUrl}/metrics`;
      const none = await scrape(url);
      assert.equal(none.status, 401);
      assert.deepEqual(JSON.parse(none.text), { code: 401, error: "a bearer token is required for /metrics" });
      assert.match(none.headers.get("www-authenticate") ?? "", /^Bearer /);
      assert.equal((await scrape(url, `Bearer ${TOKEN}x`)).status, 401, "a wrong token");
      assert.equal((await scrape(url, `Bearer ${TOKEN.slice(0, -1)}`)).status, 401, "a prefix of the token");
      assert.equal((await scrape(url, `Basic ${Buffer.from(`admin:${TOKEN}`).toString("base64")}`)).status, 401, "another scheme");
      const ok = await scrape(url, `Bearer ${TOKEN}`);
      assert.equal(ok.status, 200);
      assert.match(ok.text, /^# HELP orb_joins_total /m);
      assert.equal((await scrape(url, `bearer ${TOKEN}`)).status, 200, "the scheme is case-insensitive");
    });

    it("leaves health open for probes", async () => {
      assert.equal((await fetch(`${server.httpUrl}/health`)).status, 200);
    });
  });

  describe("METRICS_PORT (with METRICS_TOKEN)", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({}, { METRICS_PORT: "0", METRICS_HOST: "127.0.0.1", METRICS_TOKEN: TOKEN });
    });
    after(() => server.close());

    it("serves /metrics only on its own listener, behind the token", async () => {
      const port = server.server.metricsPort();
      assert.ok(port !== undefined && port > 0, "the metrics listener is bound");
      assert.equal((await scrape(`${server.httpUrl}/metrics`, `Bearer ${TOKEN}`)).status, 404, "not on the game's port");
      const url = `http://127.0.0.1:${port}/metrics`;
      assert.equal((await scrape(url)).status, 401);
      const ok = await scrape(url, `Bearer ${TOKEN}`);
      assert.equal(ok.status, 200);
      assert.match(ok.text, /^# HELP orb_joins_total /m);
      assert.equal((await scrape(`http://127.0.0.1:${port}/health`, `Bearer ${TOKEN}`)).status, 404, "nothing else there");
    });
  });

  describe("METRICS_PORT without a token", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({}, { METRICS_PORT: "0" });
    });
    after(() => server.close());

    it("serves /metrics to anyone who reaches that port", async () => {
      const ok = await scrape(`http://127.0.0.1:${server.server.metricsPort()}/metrics`);
      assert.equal(ok.status, 200);
      assert.match(ok.text, /^# HELP orb_joins_total /m);
    });
  });
});
