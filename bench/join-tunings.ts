/**
 * What the Redis tunings buy a join: `npm run bench:joins [-- --rounds 5 --joins 100]`. Two Orb
 * Arena processes on a real redis-server with no other load (layout of the sized runs: servers and
 * redis-server on one core, the client on the other), once with every tuning on (orb-arena-redis)
 * and once with each Redis tuning off alone (off:listingMirror), arms rotated per
 * round. Each join is a quick play through one of the two processes in turn, timed from the
 * matchmaking request until the client holds the state, and sorted by where the room lives: on the
 * process that answered ("local") or on the other one ("remote": the seat is reserved through Redis).
 * Writes bench/results/joins.json (docs/performance.md reads it). Reports figures; asserts nothing.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startArm } from "./arms.js";
import { figures, timeJoins } from "./joinIdle.js";
import type { JoinTuningsResult } from "./report/performanceDoc.js";
import { BOT_CORE, SERVER_CORE } from "./lib/proc.js";
import { median } from "./lib/stats.js";
import { REDIS_TUNINGS, type Arm } from "./load/factory.js";

const ARMS: Arm[] = ["orb-arena-redis", ...REDIS_TUNINGS.map((t) => `off:${t}` as Arm)];
const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, joins: { type: "string", default: "100" }, out: { type: "string", default: "bench/results" } } });
const rounds = Number(values.rounds);
const joins = Number(values.joins);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(joins) || joins < 10) {
  console.error("usage: npm run bench:joins -- [--rounds N ≥ 1] [--joins N ≥ 10]");
  process.exit(2);
}

const result: JoinTuningsResult = { date: new Date().toISOString(), node: process.version, rounds, joinsPerRound: 2 * joins, arms: {} };
for (let r = 0; r < rounds; r++) {
  const order = ARMS.map((_, i) => ARMS[(i + r) % ARMS.length]!);
  for (const arm of order) {
    const byPlace = await timeJoins(await startArm(arm, { serverCores: [SERVER_CORE, SERVER_CORE], seed: 1 + r }), BOT_CORE, 2 * joins);
    const entry = { local: figures(byPlace.local), remote: figures(byPlace.remote) };
    (result.arms[arm] ??= []).push(entry);
    console.log(`round ${r + 1}/${rounds} ${arm.padEnd(18)} local p50 ${entry.local.p50Ms} ms (${entry.local.samples}), remote p50 ${entry.remote.p50Ms} ms (${entry.remote.samples})`);
  }
}
for (const arm of ARMS) {
  const runs = result.arms[arm] ?? [];
  const med = (k: "local" | "remote") => median(runs.map((x) => x[k].p50Ms).filter((v): v is number => v !== null));
  console.log(`${arm.padEnd(18)} median of round p50s: local ${med("local").toFixed(2)} ms, remote ${med("remote").toFixed(2)} ms`);
}
const file = join(values.out!, "joins.json");
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${file}`);
