/**
 * One arm at one size, for development and profiling (the full benchmark is run.ts):
 *   node --import tsx bench/one.ts <arm> <players> [--window S] [--profile DIR] [--probes N]
 * Prints the figures as JSON; with --profile, a CPU profile of the server's window and its summary.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { summarise } from "./lib/profileSummary.js";
import { ARMS, isArm, TUNING_ARMS, type Arm } from "./load/factory.js";
import { runOne } from "./runOne.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { window: { type: "string", default: "5" }, profile: { type: "string" }, probes: { type: "string", default: "6" }, seed: { type: "string", default: "20261125" } },
});
const arm = (positionals[0] ?? "orb-arena") as Arm;
if (!isArm(arm)) throw new Error(`arm must be one of ${[...ARMS, ...TUNING_ARMS].join(", ")}`);
if (values.profile) mkdirSync(values.profile, { recursive: true });
const metrics = await runOne({
  arm,
  players: Number(positionals[1] ?? 200),
  probes: Number(values.probes),
  warmupMs: 2000,
  windowMs: Number(values.window) * 1000,
  joinWindowMs: 3000,
  botCore: 1,
  serverCores: [0, 0],
  seed: Number(values.seed),
  profileDir: values.profile,
});
console.log(JSON.stringify(metrics, null, 1));
if (values.profile) {
  for (const f of readdirSync(values.profile).filter((n) => n.endsWith(".cpuprofile"))) {
    const s = summarise(join(values.profile, f), 30);
    console.log(`\n${f}: ${s.totalMs} ms busy\n  by package: ${s.byPackage.map((l) => `${l.name} ${l.share}%`).join(", ")}`);
    for (const l of s.byFunction) console.log(`  ${String(l.share).padStart(5)} %  ${l.name}`);
  }
}
