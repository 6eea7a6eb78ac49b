import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

/** ws versions before 8.21.1 carry known DoS CVEs (CVE-2024-37890 and three from 2026). */
const WS_MINIMUM = [8, 21, 1];

function atLeast(version: string, minimum: number[]): boolean {
  const parts = version.split(".").map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < minimum.length; i++) {
    if ((parts[i] ?? 0) !== minimum[i]) return (parts[i] ?? 0) > minimum[i]!;
  }
  return true;
}

describe("dependencies", () => {
  it("every installed copy of ws is free of the known DoS CVEs (>= 8.21.1)", () => {
    const tree = JSON.parse(execFileSync("npm", ["ls", "ws", "--all", "--json"], { encoding: "utf8" })) as Tree;
    const versions: string[] = [];
    const walk = (node: Tree) => {
      for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
        if (name === "ws" && dep.version) versions.push(dep.version);
        walk(dep);
      }
    };
    walk(tree);
    assert.ok(versions.length > 0, "ws is installed");
    for (const v of versions) assert.ok(atLeast(v, WS_MINIMUM), `ws@${v} is older than ${WS_MINIMUM.join(".")}`);
    assert.equal(atLeast("8.17.1", WS_MINIMUM), false, "the check itself rejects an old version");
  });
});

interface Tree {
  version?: string;
  dependencies?: Record<string, Tree>;
}
