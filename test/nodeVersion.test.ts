import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MIN_NODE_MAJOR, unsupportedNodeMessage } from "../server/nodeVersion.js";
import { run } from "./helpers/run.js";

/** Makes the process report Node 20 (loaded with --import before the entry point). */
const FAKE_NODE_20 = `data:text/javascript,Object.defineProperty(process, "versions", { value: { ...process.versions, node: "20.20.2" } });`;

describe("supported Node version", () => {
  it(`accepts Node ${MIN_NODE_MAJOR} and newer`, () => {
    for (const version of [`${MIN_NODE_MAJOR}.0.0`, `${MIN_NODE_MAJOR}.23.3`, "24.1.0", "v25.0.0", "100.0.0"]) {
      assert.equal(unsupportedNodeMessage(version, "/usr/bin/node"), undefined, version);
    }
  });

  it("refuses older ones with what is needed and the commands that get it", () => {
    for (const version of [`${MIN_NODE_MAJOR - 1}.99.99`, "20.20.2", "18.0.0", "v20.1.0", "", "twenty"]) {
      const message = unsupportedNodeMessage(version, "/usr/bin/node");
      assert.ok(message, `${version} is refused`);
      assert.ok(message.includes(`needs Node.js ${MIN_NODE_MAJOR} or newer`), message);
      assert.ok(message.includes(`this is Node ${version} (/usr/bin/node)`), message);
      assert.ok(message.includes("npm install && npm start"), message);
      assert.ok(message.includes(`npm install -g --prefix "$HOME/.local/node${MIN_NODE_MAJOR}" node@${MIN_NODE_MAJOR}`), message);
    }
  });

  it("is the range package.json declares and the Node its npm scripts run on", async () => {
    const pkg = JSON.parse(await readFile("package.json", "utf8")) as { engines: { node: string }; devDependencies: Record<string, string>; allowScripts: Record<string, boolean> };
    assert.equal(pkg.engines.node, `>=${MIN_NODE_MAJOR}`);
    assert.match(pkg.devDependencies.node ?? "", new RegExp(`^\\^${MIN_NODE_MAJOR}\\.\\d+\\.\\d+$`), "the node dev dependency is Node 22");
    assert.equal(pkg.allowScripts.node, true, "its install script (which fetches the binary) is allowed");
  });

  describe("the server's entry point, built", function () {
    this.timeout(60_000);
    let outDir = "";

    before(async () => {
      outDir = await mkdtemp(join(tmpdir(), "orb-arena-entry-"));
      // Errors elsewhere in the tree do not stop tsc from emitting; the two files this test runs are checked below.
      spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", outDir], { encoding: "utf8" });
      await readFile(join(outDir, "server/main.js"));
      await readFile(join(outDir, "server/nodeVersion.js"));
      // Without the rest of the server, any attempt to load it fails: the check must come first.
      await rm(join(outDir, "server/app.js"));
    });

    after(async () => {
      if (outDir) await rm(outDir, { recursive: true, force: true });
    });

    it("stops on Node 20 with the message before loading the server's modules", async () => {
      const result = await run(process.execPath, ["--import", FAKE_NODE_20, join(outDir, "server/main.js")]);
      assert.equal(result.code, 1, result.stderr);
      assert.ok(result.stderr.includes(unsupportedNodeMessage("20.20.2", process.execPath)!), result.stderr);
      assert.doesNotMatch(result.stderr, /ERR_MODULE_NOT_FOUND|app\.js/);
    });

    it("goes on to load the server on this Node", async () => {
      const result = await run(process.execPath, [join(outDir, "server/main.js")]);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /ERR_MODULE_NOT_FOUND[\s\S]*server[\\/]app\.js|Cannot find module '[^']*server[\\/]app\.js'/);
      assert.doesNotMatch(result.stderr, /needs Node\.js/);
    });
  });
});
