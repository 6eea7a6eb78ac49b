import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The Colyseus packages whose internals the platform relies on, and the versions it was tested with. */
export const TESTED_VERSIONS = {
  "@colyseus/core": { min: "0.18.17", below: "0.18.18" },
  "@colyseus/ws-transport": { min: "0.18.4", below: "0.18.5" },
  "@colyseus/redis-driver": { min: "0.18.3", below: "0.18.4" },
  "@colyseus/redis-presence": { min: "0.18.5", below: "0.18.6" },
} as const;

const require = createRequire(import.meta.url);

/** Installed version of each package of TESTED_VERSIONS. */
export function installedVersions(): Record<keyof typeof TESTED_VERSIONS, string> {
  const out = {} as Record<keyof typeof TESTED_VERSIONS, string>;
  for (const name of Object.keys(TESTED_VERSIONS) as Array<keyof typeof TESTED_VERSIONS>) {
    // The package.json next to the package's entry's folder (not every package exports it).
    let dir = dirname(require.resolve(name));
    while (!dir.endsWith(name.split("/")[1]!)) dir = dirname(dir);
    out[name] = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
  }
  return out;
}

/** -1, 0 or 1 as `a` is below, equal to or above `b` (numeric `x.y.z`; a pre-release counts as its release). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Problems with the installed versions (empty when every package is in its tested range). */
export function versionProblems(installed: Record<string, string> = installedVersions()): string[] {
  const problems: string[] = [];
  for (const [name, range] of Object.entries(TESTED_VERSIONS)) {
    const version = installed[name];
    if (version === undefined || compareVersions(version, range.min) < 0 || compareVersions(version, range.below) >= 0) {
      problems.push(`${name} ${version ?? "(missing)"} is outside the tested range >= ${range.min} < ${range.below}`);
    }
  }
  return problems;
}

/**
 * Refuses to start on Colyseus versions the platform's internals were not tested with: every
 * internal it relies on (docs/decisions/0004-colyseus-internals.md) must be checked again on an
 * upgrade, then TESTED_VERSIONS widened.
 */
export function assertTestedColyseus(installed?: Record<string, string>): void {
  const problems = versionProblems(installed);
  if (problems.length > 0) {
    throw new Error(
      `Colyseus version not supported by server/platform/colyseus:\n  - ${problems.join("\n  - ")}\n` +
        "Install the tested versions (npm ci), or review the internals listed in docs/decisions/0004-colyseus-internals.md and widen TESTED_VERSIONS.",
    );
  }
}
