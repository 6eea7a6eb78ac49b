import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { Room, matchMaker, type AuthContext, type Client as RoomClient } from "@colyseus/core";
import { clientAddress, normaliseAddress } from "../server/platform/http/clientAddress.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

/** What rooms saw as `context.ip`: at matchmaking (static onAuth) and at the WebSocket join (instance onAuth). */
const seen = { matchmake: [] as (string | undefined)[], upgrade: [] as (string | undefined)[] };

class MatchmakeIpProbe extends Room {
  static override async onAuth(_token: string, _options: unknown, context: AuthContext) {
    seen.matchmake.push(context.ip);
    return true;
  }
}
class UpgradeIpProbe extends Room {
  override onAuth(_client: RoomClient, _options: unknown, context: AuthContext) {
    seen.upgrade.push(context.ip);
    return true;
  }
}

const SPOOF = { "X-Forwarded-For": "203.0.113.7", "X-Real-IP": "198.51.100.1", "X-Client-IP": "192.0.2.9" };

/** Joins both probes with the given headers; returns the addresses each path saw. */
async function probe(server: TestServer, headers: Record<string, string>): Promise<{ matchmake?: string; upgrade?: string }> {
  seen.matchmake.length = 0;
  seen.upgrade.length = 0;
  const client = new Client(server.url, { headers });
  const a = await client.create("mm_ip_probe");
  const b = await client.create("ws_ip_probe");
  await Promise.all([a.leave(), b.leave()]);
  assert.equal(seen.matchmake.length, 1, "the matchmaking probe ran once");
  assert.equal(seen.upgrade.length, 1, "the upgrade probe ran once");
  return { matchmake: seen.matchmake[0], upgrade: seen.upgrade[0] };
}

function defineProbes(): void {
  matchMaker.defineRoomType("mm_ip_probe", MatchmakeIpProbe);
  matchMaker.defineRoomType("ws_ip_probe", UpgradeIpProbe);
}
function removeProbes(): void {
  matchMaker.removeRoomType("mm_ip_probe");
  matchMaker.removeRoomType("ws_ip_probe");
}

describe("client address: derived once, the same on every path", function () {
  describe("clientAddress()", () => {
    it("uses the socket's address and ignores X-Forwarded-For unless proxies are trusted", () => {
      assert.equal(clientAddress("10.0.0.5", "203.0.113.7", 0), "10.0.0.5");
      assert.equal(clientAddress("10.0.0.5", undefined, 1), "10.0.0.5");
      assert.equal(clientAddress(undefined, undefined, 0), "unknown");
    });

    it("takes the Nth address from the right of X-Forwarded-For with N trusted hops", () => {
      assert.equal(clientAddress("10.0.0.5", "1.1.1.1, 203.0.113.7", 1), "203.0.113.7");
      assert.equal(clientAddress("10.0.0.5", "1.1.1.1, 203.0.113.7, 10.0.0.4", 2), "203.0.113.7");
      assert.equal(clientAddress("10.0.0.5", ["1.1.1.1", "203.0.113.7"], 1), "203.0.113.7", "repeated headers");
      assert.equal(clientAddress("10.0.0.5", "203.0.113.7", 3), "203.0.113.7", "fewer entries than hops: the leftmost");
      assert.equal(clientAddress("10.0.0.5", "203.0.113.7:4711", 1), "203.0.113.7", "a port is dropped");
      assert.equal(clientAddress("10.0.0.5", "[2001:db8::1]:443", 1), "2001:db8:0:0::/64");
      assert.equal(clientAddress("10.0.0.5", "not-an-address", 1), "10.0.0.5", "garbage falls back to the socket");
      assert.equal(clientAddress("10.0.0.5", " , ", 1), "10.0.0.5");
    });

    it("normalises IPv4-mapped IPv6 to IPv4 and groups IPv6 by /64", () => {
      assert.equal(normaliseAddress("::ffff:127.0.0.1"), "127.0.0.1");
      assert.equal(normaliseAddress("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
      assert.equal(normaliseAddress("2001:0DB8:0001:0002::9"), "2001:db8:1:2::/64");
      assert.equal(normaliseAddress("2001:db8:1:2:aaaa::1"), normaliseAddress("2001:db8:1:2:bbbb::2"));
      assert.equal(normaliseAddress("::1"), "0:0:0:0::/64");
      assert.equal(normaliseAddress("fe80::1%eth0"), "fe80:0:0:0::/64");
      assert.equal(normaliseAddress("64:ff9b::192.0.2.33"), "64:ff9b:0:0::/64");
      assert.equal(normaliseAddress("[2001:db8::1]"), "2001:db8:0:0::/64");
      assert.equal(normaliseAddress("example.com"), undefined);
    });
  });

  describe("default (TRUST_PROXY_HOPS=0)", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
      defineProbes();
    });
    after(async () => {
      removeProbes();
      await server.close();
    });

    it("gives rooms the socket's address at matchmaking and at the WebSocket join", async () => {
      assert.deepEqual(await probe(server, {}), { matchmake: "127.0.0.1", upgrade: "127.0.0.1" });
    });

    it("ignores spoofed X-Forwarded-For, X-Real-IP and X-Client-IP", async () => {
      assert.deepEqual(await probe(server, SPOOF), { matchmake: "127.0.0.1", upgrade: "127.0.0.1" });
    });
  });

  describe("behind one trusted proxy (TRUST_PROXY_HOPS=1)", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({}, { TRUST_PROXY_HOPS: "1" });
      defineProbes();
    });
    after(async () => {
      removeProbes();
      await server.close();
    });

    it("takes the address the proxy appended to X-Forwarded-For, on both paths", async () => {
      assert.deepEqual(await probe(server, SPOOF), { matchmake: "203.0.113.7", upgrade: "203.0.113.7" });
      // A client's own entries to the left of the proxy's are not believed.
      assert.deepEqual(await probe(server, { "X-Forwarded-For": "198.51.100.99, 203.0.113.8" }), { matchmake: "203.0.113.8", upgrade: "203.0.113.8" });
    });

    it("falls back to the socket's address without the header", async () => {
      assert.deepEqual(await probe(server, { "X-Real-IP": "198.51.100.1" }), { matchmake: "127.0.0.1", upgrade: "127.0.0.1" });
    });
  });
});
