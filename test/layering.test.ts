/**
 * Who may import whom, by a scan of the sources: the browser client and the bots are clients and
 * import nothing from the server; `shared/` imports from neither side; the server from no tool.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/** Top-level folders each folder must not import from. */
const FORBIDDEN: Record<string, readonly string[]> = {
  "game-client": ["server", "bots", "test", "bench"],
  bots: ["server", "test", "bench"],
  shared: ["server", "game-client", "bots", "test", "bench"],
  // The server image is built from shared/ and server/ alone (Dockerfile).
  server: ["game-client", "bots", "test", "bench"],
};

/** Every module specifier of a source file: `import … from`, `export … from`, `import "…"`, `import("…")`. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm)) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") out.push(...sources(path));
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** The top-level folder a relative specifier of `file` points into (undefined for packages). */
function targetFolder(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return relative(ROOT, resolve(dirname(file), specifier)).split(/[\\/]/)[0];
}

describe("layering (source scan)", () => {
  it("finds every kind of import it checks", () => {
    const sample = [
      'import type { ArenaRoom } from "../../server/arena/ArenaRoom.js";',
      'import {\n  a,\n  b,\n} from "../server/x.js";',
      'export { c } from "../server/y.js";',
      'import "../server/z.js";',
      'const m = await import("../server/w.js");',
      'import { Client } from "@colyseus/sdk";',
    ].join("\n");
    assert.deepEqual(specifiers(sample), ["../../server/arena/ArenaRoom.js", "../server/x.js", "../server/y.js", "../server/z.js", "../server/w.js", "@colyseus/sdk"]);
    assert.equal(targetFolder(join(ROOT, "game-client/net/x.ts"), "../../server/app.js"), "server");
  });

  for (const [folder, forbidden] of Object.entries(FORBIDDEN)) {
    it(`${folder}/ imports nothing from ${forbidden.join(", ")}`, () => {
      const files = sources(join(ROOT, folder));
      assert.ok(files.length > 0, `no sources found under ${folder}/`);
      let relativeImports = 0;
      const offending: string[] = [];
      for (const file of files) {
        for (const specifier of specifiers(readFileSync(file, "utf8"))) {
          const target = targetFolder(file, specifier);
          if (target === undefined) continue;
          relativeImports++;
          if (forbidden.includes(target)) offending.push(`${relative(ROOT, file)} → ${specifier}`);
        }
      }
      assert.ok(relativeImports > 0, `no relative imports found under ${folder}/: the scan is not reading them`);
      assert.deepEqual(offending, []);
    });
  }
});
