import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { MIN_NODE_MAJOR as SERVER_MIN_NODE_MAJOR } from "../server/nodeVersion.js";
import { MIN_NODE_MAJOR, SYSTEM_PACKAGES, installPlan, missingPackages, nodeProblem } from "./preflight.mjs";
import { run } from "./helpers/run.js";

/** The shell blocks of the README's "Quick start" section, in order. */
function quickStartCommands(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const section = /^## Quick start\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  assert.ok(section, 'the README has a "Quick start" section');
  return [...section.matchAll(/^```sh\n([\s\S]*?)\n```/gm)].map((m) => m[1]!.trim());
}

describe("a fresh machine", () => {
  describe("the README's two commands", () => {
    it("run the game and the whole suite, each installing the dependencies first", () => {
      const [game, tests] = quickStartCommands();
      assert.equal(game, "npm install && npm start");
      assert.equal(tests, "npm install && npm test");
    });

    it(".ci/run runs exactly the README's test command, last, after a clean install and the audit", () => {
      const [, tests] = quickStartCommands();
      const lines = readFileSync(".ci/run", "utf8")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#"));
      assert.equal(lines.at(-1), tests);
      const ci = lines.indexOf("npm ci");
      const audit = lines.findIndex((line) => line.includes("npm audit --omit=dev") && line.includes("node .ci/audit.mjs"));
      assert.ok(ci >= 0 && audit > ci && audit < lines.length - 1, lines.join("\n"));
    });

    it("the test command checks the machine before anything else", () => {
      const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
      assert.match(scripts.test!, /^node test\/preflight\.mjs && /);
    });
  });

  describe("the tests' preflight (test/preflight.mjs)", () => {
    it("wants the same Node as the server", () => {
      assert.equal(MIN_NODE_MAJOR, SERVER_MIN_NODE_MAJOR);
      assert.equal(nodeProblem(`${MIN_NODE_MAJOR}.12.0`, "/x/node"), undefined);
      const problem = nodeProblem("20.20.2", "/usr/bin/node");
      assert.ok(problem?.includes("npm is running them on Node 20.20.2 (/usr/bin/node)"), problem);
      assert.ok(problem?.includes("npm install --include=dev && npm rebuild node"), problem);
    });

    it("looks for Chromium where the browser tests launch it and for Redis on PATH", () => {
      const present = new Set(["/usr/bin/chromium", "/opt/redis/bin/redis-server"]);
      assert.deepEqual(missingPackages(SYSTEM_PACKAGES, ["/usr/local/bin", "/opt/redis/bin"], (path) => present.has(path)), ["redis-sentinel"]);
      assert.deepEqual(missingPackages(SYSTEM_PACKAGES, [], () => false), ["chromium", "redis-server", "redis-sentinel"]);
      assert.deepEqual(missingPackages(SYSTEM_PACKAGES, ["/usr/bin"], () => true), []);
    });

    it("installs what is missing with apt-get as root, or stops with the exact command", () => {
      assert.deepEqual(installPlan([], { isRoot: false, hasAptGet: false }), { kind: "none" });
      assert.deepEqual(installPlan(["chromium", "redis-sentinel"], { isRoot: true, hasAptGet: true }), {
        kind: "install",
        commands: [
          ["apt-get", "update"],
          ["apt-get", "install", "-y", "chromium", "redis-sentinel"],
        ],
      });
      const user = installPlan(["chromium", "redis-server"], { isRoot: false, hasAptGet: true });
      assert.equal(user.kind, "fail");
      assert.ok(user.kind === "fail" && user.message.includes("\n  sudo apt-get update && sudo apt-get install -y chromium redis-server"), JSON.stringify(user));
      const noApt = installPlan(["redis-server"], { isRoot: true, hasAptGet: false });
      assert.ok(noApt.kind === "fail" && noApt.message.includes("apt-get update && apt-get install -y redis-server"), JSON.stringify(noApt));
    });

    it("passes on this machine, which has what the suite needs", async () => {
      const result = await run(process.execPath, ["test/preflight.mjs"], {}, 300_000);
      assert.equal(result.code, 0, result.stderr);
      assert.ok(result.stdout.includes(`Tests run on Node ${process.versions.node} (${process.execPath}) with chromium, redis-server, redis-sentinel.`), result.stdout);
    });

    it("stops on Node 20 with the command that gets the project's Node", async () => {
      const fakeNode20 = `data:text/javascript,Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.20.2" } });`;
      const result = await run(process.execPath, ["--import", fakeNode20, "test/preflight.mjs"]);
      assert.equal(result.code, 1);
      assert.equal(result.stderr.trim(), nodeProblem("20.20.2", process.execPath));
    });
  });
});
