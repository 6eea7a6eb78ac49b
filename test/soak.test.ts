import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BOTS = 60;
const SECONDS = 60;

describe("soak (short CI version of `npm run soak`)", function () {
  this.timeout((SECONDS + 90) * 1000);

  it(`${BOTS} bots play and chat for ${SECONDS} s: no lost acknowledgement, no disconnect, no crash`, async () => {
    const out = join(mkdtempSync(join(tmpdir(), "orb-soak-")), "summary.json");
    const child = spawn(process.execPath, ["--import", "tsx", "bench/soak.ts", "--bots", String(BOTS), "--seconds", String(SECONDS), "--interval", "15", "--json", out], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr.on("data", (d: Buffer) => (log += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    const summary = JSON.parse(readFileSync(out, "utf8")) as {
      acks: { sent: number; answered: number; lost: number };
      unexpectedDisconnects: number;
      serverAlive: boolean;
      heapUsedBytes: { first: number; last: number; max: number };
      lagP99Ms: { max: number };
    };
    console.log(`      [measured] ${log.split("\n").find((l) => l.startsWith("summary:"))}`);
    assert.equal(code, 0, log.slice(-3000));
    assert.ok(summary.acks.sent >= BOTS * 5, `chats were sent (${summary.acks.sent})`);
    assert.equal(summary.acks.lost, 0);
    assert.equal(summary.acks.answered, summary.acks.sent);
    assert.equal(summary.unexpectedDisconnects, 0);
    assert.equal(summary.serverAlive, true);
  });
});
