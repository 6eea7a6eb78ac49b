import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { startTestServer, type TestServer } from "./helpers/server.js";

describe("bot CLI", function () {
  this.timeout(20_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it("plays against a running server and prints a live status line", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "bots/cli.ts", "--url", server.url, "--count", "4", "--seconds", "2", "--chat-every", "1"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    assert.equal(code, 0, out);
    const lines = out.split("\n").filter((l) => l.startsWith("connected "));
    assert.ok(lines.length >= 1, out);
    const last = lines[lines.length - 1]!;
    assert.match(last, /^connected 4\/4 · rooms 1 · inputs\/s \d+ · chat acks \d+\/\d+/);
    const rate = Number(/inputs\/s (\d+)/.exec(last)![1]);
    assert.ok(rate > 60, `4 bots should send ~120 inputs/s, status says ${rate}`);
  });
});
