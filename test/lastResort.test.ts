/** The last-resort handlers of the entry point: a failure nobody handled is logged with its context and the process keeps running. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";

const SCRIPT = `
import { installLastResort } from "./server/lastResort.ts";
import { createLogger } from "./server/logger.ts";
installLastResort(createLogger("info"));
Promise.reject(new Error("a rejection nobody handled"));
setTimeout(() => { throw new Error("an exception nobody caught"); }, 10);
setTimeout(() => { console.log("still running"); process.exit(0); }, 200);
`;

describe("last-resort handlers", () => {
  it("log an unhandled rejection and an uncaught exception with their errors, and the process keeps running", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", SCRIPT], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    assert.equal(code, 0, out);
    const lines = out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { event?: string; err?: { message?: string; stack?: string } });
    const rejection = lines.find((l) => l.event === "unhandled_rejection");
    const exception = lines.find((l) => l.event === "uncaught_exception");
    assert.equal(rejection?.err?.message, "a rejection nobody handled", out);
    assert.match(rejection?.err?.stack ?? "", /Error: a rejection nobody handled/);
    assert.equal(exception?.err?.message, "an exception nobody caught", out);
    assert.match(out, /still running/);
  });
});
