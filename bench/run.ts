/**
 * `npm run bench [-- --quick | --full | --tunings | options]` — the benchmark orchestrator. For the
 * same game rules, seed and bot behaviour it runs each arm in turn (orb-arena, colyseus-stock,
 * socketio, floor, orb-arena-redis, or with --tunings each performance tuning off alone;
 * interleaved, order rotated per round, repeated), servers pinned to core 0 and bots to core 1,
 * then searches the capacity of the capacity arms. Prints a table, writes bench/results/<date>.json,
 * latest.json and an SVG chart (`npm run bench:report` then writes docs/performance.md's figures
 * from latest.json). Reports figures; asserts nothing.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findCapacity } from "./capacity.js";
import { measureIdleJoins } from "./joinIdle.js";
import { monoMs, sleep } from "./lib/clock.js";
import { foreignLoadNow } from "./lib/hostLoad.js";
import { summarise } from "./lib/profileSummary.js";
import { BOT_CORE, CORES, NICE, SERVER_CORE } from "./lib/proc.js";
import { armSpec, type Arm } from "./load/factory.js";
import { capacityVerdict, type RunMetrics } from "./metrics.js";
import { parseOptions } from "./options.js";
import { renderChart } from "./report/chart.js";
import { capacityEntry, machineInfo, sizeResult, type BenchResults } from "./report/results.js";
import { formatTable } from "./report/table.js";
import { checkTargets } from "./report/targets.js";
import { runOne } from "./runOne.js";

const opts = parseOptions(process.argv.slice(2));
const startedAt = monoMs();
const QUICK_BUDGET_MS = 225_000;
const NOISY_CORES = 0.3;
const stamp = new Date().toISOString().replace(/:/g, "-").replace(/\.\d+Z$/, "Z");
const profileDir = opts.profile ? join(opts.outDir, "profiles", stamp) : undefined;
const log = (line: string) => process.stderr.write(`[${((monoMs() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
mkdirSync(opts.outDir, { recursive: true });
if (profileDir) mkdirSync(profileDir, { recursive: true });

let quietBudgetLeft = opts.quietBudgetMs;
/** Waits (within the per-wait and total budgets) until other processes leave the cores alone. */
async function waitForQuiet(): Promise<number> {
  const started = monoMs();
  const until = started + Math.min(opts.quietWaitMs, quietBudgetLeft);
  try {
    for (;;) {
      const foreign = await foreignLoadNow(400);
      if (foreign <= NOISY_CORES || monoMs() > until) return foreign;
      log(`  other processes are using ${foreign.toFixed(2)} cores; waiting for a quieter machine`);
      await sleep(1500);
    }
  } finally {
    quietBudgetLeft = Math.max(0, quietBudgetLeft - (monoMs() - started));
  }
}

async function measure(arm: Arm, players: number): Promise<RunMetrics | undefined> {
  const retries = opts.mode === "quick" ? 1 : 2;
  for (let attempt = 0; ; attempt++) {
    await waitForQuiet();
    let m: RunMetrics;
    try {
      m = await runOne({
        arm,
        players,
        probes: opts.probes,
        warmupMs: opts.warmupMs,
        windowMs: opts.windowMs,
        joinWindowMs: opts.joinWindowMs,
        seed: opts.seed,
        // The Redis arm splits the same load over two processes sharing the server core (the same CPU budget).
        serverCores: [SERVER_CORE, SERVER_CORE],
        botCore: BOT_CORE,
        profileDir,
      });
    } catch (err) {
      // One failed run (a process that did not start, a probe refused) costs that run, not the whole benchmark.
      log(`  ${arm} ${players} players: run failed (${err instanceof Error ? err.message.split("\n")[0] : String(err)})${attempt < retries ? "; trying again" : "; left out"}`);
      if (attempt >= retries) return undefined;
      continue;
    }
    const noisy = (m.foreignCpuCores ?? 0) > NOISY_CORES;
    log(
      `  ${arm.padEnd(16)} ${String(players).padStart(4)} players: ${m.bytesDownPerClientPerSec} B/client/s down, ${m.serverCpuUsPerClientTick} µs/client-tick, ` +
        `tick+patch p99 ${m.tickPatchP99Ms} ms, echo p99 ${m.inputEchoP99Ms} ms, join p50 ${m.joinP50Ms} ms, bots ${m.botsCpu}${noisy ? ` — noisy (${m.foreignCpuCores} other cores)` : ""}`,
    );
    if (!noisy || attempt >= retries || (opts.mode === "quick" && monoMs() - startedAt > QUICK_BUDGET_MS / 2)) return m;
  }
}

const runs = new Map<string, RunMetrics[]>();
log(`mode ${opts.mode}: arms ${opts.arms.join(", ")}; sizes ${opts.sizes.join(", ")}; ${opts.rounds} round(s); window ${opts.windowMs / 1000} s`);
for (let round = 0; round < (opts.capacityOnly ? 0 : opts.rounds); round++) {
  for (const [i, players] of opts.sizes.entries()) {
    const shift = (round + i) % opts.arms.length;
    const order = [...opts.arms.slice(shift), ...opts.arms.slice(0, shift)];
    log(`round ${round + 1}/${opts.rounds}, ${players} players: ${order.join(" → ")}`);
    for (const arm of order) {
      const key = `${arm}|${players}`;
      const m = await measure(arm, players);
      if (m) runs.set(key, [...(runs.get(key) ?? []), m]);
    }
  }
}

const results: BenchResults = {
  date: new Date().toISOString(),
  mode: opts.mode,
  machine: machineInfo(
    (CORES > 1 ? `servers on core ${SERVER_CORE}, bots on core ${BOT_CORE} (taskset)` : "one core: nothing pinned") + (NICE ? `, nice ${NICE}` : ""),
  ),
  node: process.version,
  options: { ...opts, outDir: undefined } as unknown as BenchResults["options"],
  arms: {},
  notes: [
    "Figures are medians over rounds; bytes are counted on the bots' TCP sockets (WebSocket framing included).",
    "Server CPU per client-tick = server process CPU time / (clients × seconds × 30 ticks/s), measured inside the server.",
    "tick+patch = time from when a room's tick or patch was due until its work finished (p99 over all rooms); an Orb Arena patch is due when the step it follows was.",
    "colyseus-stock is the product's arena room with every Colyseus tuning off (COLYSEUS_TUNINGS_OFF=all: stock Colyseus 0.18); off:<tuning> arms switch one tuning off (the Redis ones on the orb-arena-redis layout).",
    "orb-arena-redis per-size runs: two processes + redis-server share the server core (same CPU budget as one process); its capacity search gives each process its own core and leaves the bots unpinned (a 2-core machine has no third core).",
    "other CPU = cores used by unrelated processes during the window; runs above 0.3 are retried.",
  ],
};
for (const arm of opts.arms) {
  const sizes: Record<string, ReturnType<typeof sizeResult>> = {};
  for (const players of opts.sizes) if (runs.has(`${arm}|${players}`)) sizes[String(players)] = sizeResult(runs.get(`${arm}|${players}`)!);
  results.arms[arm] = { capacity: null, sizes };
}

if (!opts.capacityOnly && opts.arms.includes("orb-arena") && opts.arms.includes("orb-arena-redis")) {
  log("join latency with no load: one process, then two on Redis");
  await waitForQuiet();
  results.joinIdle = await measureIdleJoins({ serverCores: [SERVER_CORE, SERVER_CORE], seed: opts.seed }, BOT_CORE, opts.mode === "quick" ? 30 : 100);
  const j = results.joinIdle;
  log(`  join p50 single ${j.single.p50Ms} ms, Redis room local ${j.redisLocal.p50Ms} ms, remote ${j.redisRemote.p50Ms} ms`);
}

if (opts.capacity) {
  for (const arm of opts.capacityArms) {
    // Quick runs: within the run's budget, but at least a minute per search (the tunings mode has many sized runs first).
    const deadline = opts.mode === "quick" ? Math.max(startedAt + QUICK_BUDGET_MS, monoMs() + 60_000) : Number.POSITIVE_INFINITY;
    log(`capacity: ${arm}`);
    await waitForQuiet();
    const redis = armSpec(arm).redis;
    // A sized run that met every capacity rule (same layout) counts as a passing step.
    const passed = redis ? [] : opts.sizes.filter((n) => (runs.get(`${arm}|${n}`) ?? []).some((m) => capacityVerdict(m).pass));
    // Two processes are expected to carry more than one: start them at one process's capacity.
    const single = results.arms["orb-arena"]?.capacity;
    const result = await findCapacity({
      arm,
      // (quick runs start one step above it, to stay within their time budget)
      start: redis && single ? (opts.mode === "quick" ? single * opts.capacityFactor : single) : 128,
      knownPass: passed.length ? Math.max(...passed) : undefined,
      factor: opts.capacityFactor,
      settleMs: opts.capacitySettleMs,
      confirmGross: opts.mode !== "quick",
      // Quick runs stop the two-process ramp at twice one process's capacity (the target is 1.8×).
      max: redis && single && opts.mode === "quick" ? Math.min(opts.capacityMax, Math.ceil((2 * single) / 16) * 16) : opts.capacityMax,
      windowMs: opts.capacityWindowMs,
      refine: opts.capacityRefine,
      seed: opts.seed,
      serverCores: redis ? [SERVER_CORE, BOT_CORE] : [SERVER_CORE],
      botCore: redis ? undefined : BOT_CORE,
      noisyCores: NOISY_CORES,
      deadline,
      log,
    });
    results.arms[arm]!.capacity = result.capacity;
    results.arms[arm]!.capacityDetail = capacityEntry(result);
  }
}

const targets = checkTargets(results);
const file = join(opts.outDir, `${stamp}.json`);
const json = JSON.stringify({ ...results, targets }, null, 2);
writeFileSync(file, json);
writeFileSync(join(opts.outDir, "latest.json"), json);
const chart = renderChart(results);
writeFileSync(join(opts.outDir, `${stamp}.svg`), chart);
writeFileSync(join(opts.outDir, "latest.svg"), chart);
if (opts.keepAs) {
  writeFileSync(join(opts.outDir, `${opts.keepAs}.json`), json);
  writeFileSync(join(opts.outDir, `${opts.keepAs}.svg`), chart);
}
console.log(formatTable(results, targets));
if (profileDir) {
  for (const f of readdirSync(profileDir).filter((n) => n.endsWith(".cpuprofile"))) {
    const s = summarise(join(profileDir, f), 12);
    console.log(`\nprofile ${f} (${s.totalMs} ms busy): ${s.byPackage.map((l) => `${l.name} ${l.share}%`).join(", ")}`);
  }
}
console.log(`\nwrote ${file} (+ .svg), latest.json and latest.svg in ${opts.outDir} (${((monoMs() - startedAt) / 1000).toFixed(0)} s)`);
