// Before the test suite (`npm test`): the Node it runs on, and the system packages the tests drive for
// real. Installs missing packages with apt-get when it can (root), or stops at once with the command to
// run. Plain JavaScript with no dependencies, so it runs on any Node, before anything is known to work.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

export const MIN_NODE_MAJOR = 22;

/** Debian packages the tests need, and where each is looked for (a fixed path, or a command on PATH). */
export const SYSTEM_PACKAGES = [
  { name: "chromium", path: "/usr/bin/chromium" },
  { name: "redis-server", command: "redis-server" },
  { name: "redis-sentinel", command: "redis-sentinel" },
];

/** Why this Node cannot run the tests, with the command that fixes it; undefined when it can. */
export function nodeProblem(version, execPath) {
  const major = Number(/^v?(\d+)\.\d+\.\d+/.exec(version)?.[1]);
  if (major >= MIN_NODE_MAJOR) return undefined;
  return [
    `The tests need Node.js ${MIN_NODE_MAJOR} or newer; npm is running them on Node ${version} (${execPath}).`,
    `npm scripts run on the project's own Node ${MIN_NODE_MAJOR}, the "node" dev dependency, which is missing here. Get it with:`,
    `  npm install --include=dev && npm rebuild node`,
  ].join("\n");
}

/** Names of the packages not found: `isExecutable(path)` says whether a file can be run. */
export function missingPackages(packages, pathDirs, isExecutable) {
  return packages
    .filter((pkg) => (pkg.path ? !isExecutable(pkg.path) : !pathDirs.some((dir) => dir !== "" && isExecutable(join(dir, pkg.command)))))
    .map((pkg) => pkg.name);
}

/**
 * What to do about missing packages: nothing, run apt-get (as root on a machine that has it), or stop
 * with the exact command for the reader to run.
 */
export function installPlan(missing, { isRoot, hasAptGet }) {
  if (missing.length === 0) return { kind: "none" };
  if (isRoot && hasAptGet) {
    return { kind: "install", commands: [["apt-get", "update"], ["apt-get", "install", "-y", ...missing]] };
  }
  const what = `The tests drive ${missing.join(", ")} for real, and ${missing.length === 1 ? "it is" : "they are"} not installed.`;
  const install = `apt-get update && apt-get install -y ${missing.join(" ")}`;
  if (isRoot) {
    return { kind: "fail", message: `${what}\nThis machine has no apt-get: install ${missing.join(", ")} with its package manager (on Debian or Ubuntu: ${install}), then run the tests again.` };
  }
  return { kind: "fail", message: `${what}\nInstall ${missing.length === 1 ? "it" : "them"}, then run the tests again:\n  sudo ${install.replace("&& apt-get", "&& sudo apt-get")}` };
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function main() {
  const problem = nodeProblem(process.versions.node, process.execPath);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const pathDirs = (process.env.PATH ?? "").split(delimiter);
  const missing = missingPackages(SYSTEM_PACKAGES, pathDirs, isExecutable);
  const plan = installPlan(missing, {
    isRoot: process.getuid?.() === 0,
    hasAptGet: pathDirs.some((dir) => dir !== "" && isExecutable(join(dir, "apt-get"))),
  });
  if (plan.kind === "fail") {
    console.error(plan.message);
    process.exit(1);
  }
  if (plan.kind === "install") {
    console.log(`Installing what the tests need: ${missing.join(", ")}`);
    for (const [command, ...args] of plan.commands) {
      console.log(`$ ${command} ${args.join(" ")}`);
      const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
      if (result.status !== 0) {
        console.error(`${command} ${args.join(" ")} failed (${result.error?.message ?? `exit code ${result.status}`}).`);
        process.exit(1);
      }
    }
    const still = missingPackages(SYSTEM_PACKAGES, pathDirs, isExecutable);
    if (still.length > 0) {
      console.error(`Still not found after apt-get: ${still.join(", ")} (looked for ${SYSTEM_PACKAGES.filter((p) => still.includes(p.name)).map((p) => p.path ?? `${p.command} on PATH`).join(", ")}).`);
      process.exit(1);
    }
  }
  console.log(`Tests run on Node ${process.versions.node} (${process.execPath}) with ${SYSTEM_PACKAGES.map((p) => p.name).join(", ")}.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
