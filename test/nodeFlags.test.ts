import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { SERVER_NODE_FLAGS } from "../server/nodeFlags.js";

/** Every way the project starts a game server passes the same Node flags. */
describe("game server Node flags", () => {
  it("are on the start script, the dev script and the Dockerfile's command", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    const cmd = readFileSync("Dockerfile", "utf8")
      .split("\n")
      .find((line) => line.startsWith("CMD "));
    assert.ok(cmd, "the Dockerfile has a CMD");
    const dockerArgs = JSON.parse(cmd.slice(4)) as string[];
    assert.equal(dockerArgs[0], "node");
    for (const flag of SERVER_NODE_FLAGS) {
      assert.match(scripts.start!, new RegExp(`node ${flag} dist/server/main\\.js`), `npm start passes ${flag}`);
      assert.ok(scripts.dev!.includes(flag), `npm run dev passes ${flag}`);
      assert.ok(dockerArgs.indexOf(flag) > 0 && dockerArgs.indexOf(flag) < dockerArgs.indexOf("dist/server/main.js"), `the image passes ${flag} to node`);
    }
  });

  it("are flags this Node accepts", () => {
    const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, "-e", "console.log(JSON.stringify(process.execArgv))"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as string[]).slice(0, SERVER_NODE_FLAGS.length), [...SERVER_NODE_FLAGS]);
  });
});
