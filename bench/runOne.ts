/**
 * One measurement: start an arm's servers, N load bots and the latency probes, let them warm
 * up, measure one window on the shared clock in every process at once, collect, stop everything.
 */
import { type ArmServers, startArm, type ServerLayout } from "./arms.js";
import { monoMs, sleep, sleepUntil } from "./lib/clock.js";
import { HostLoad } from "./lib/hostLoad.js";
import { BenchProcess, procCpuSeconds } from "./lib/proc.js";
import { sum } from "./lib/stats.js";
import type { Arm } from "./load/factory.js";
import { computeMetrics, type LoadReport, type ProbeReport, type RunMetrics } from "./metrics.js";
import type { ServerReport } from "./servers/probe.js";

/** Pace of the timed joins in the join window. */
const JOIN_EVERY_MS = 60;

export interface RunSpec extends ServerLayout {
  arm: Arm;
  players: number;
  probes: number;
  warmupMs: number;
  windowMs: number;
  joinWindowMs: number;
  botCore: number;
}

/** Starts the load process for an arm against running servers. */
export async function startLoad(arm: Arm, servers: ArmServers, core: number | undefined, seed: number, script = "load/loadMain.ts", label = "load"): Promise<BenchProcess> {
  const proc = BenchProcess.start(script, {
    label: `${label}:${arm}`,
    core,
    env: { BENCH_ARM: arm, BENCH_ENDPOINTS: JSON.stringify(servers.endpoints), GAME_SEED: String(seed) },
  });
  await proc.waitEvent("ready", 30_000);
  return proc;
}

/**
 * Reads every frame counter while the servers are paused (no state frame in flight), then resumes:
 * delivery over an interval is then exact — frames counted by clients / frames the servers sent.
 */
async function frameCounters(servers: ArmServers, clients: BenchProcess[]): Promise<{ sent: number; received: number }> {
  await Promise.all(servers.servers.map((s) => s.request("pause", { paused: true })));
  await sleep(150);
  const count = (p: BenchProcess) => p.request<{ frames: number }>("frames").then((r) => r.frames);
  const [sent, received] = await Promise.all([Promise.all(servers.servers.map(count)), Promise.all(clients.map(count))]);
  await Promise.all(servers.servers.map((s) => s.request("pause", { paused: false })));
  return { sent: sum(sent), received: sum(received) };
}

/**
 * Measures one window across servers, load (and probes), then — with probes — a join window of
 * `joinWindowMs` under the same load: returns the computed figures.
 */
export async function measureWindow(
  players: number,
  servers: ArmServers,
  load: BenchProcess,
  probe: BenchProcess | undefined,
  windowMs: number,
  joinWindowMs = 0,
): Promise<RunMetrics> {
  const clients = [load, ...(probe ? [probe] : [])];
  const before = await frameCounters(servers, clients);
  const t0 = monoMs() + 400;
  const t1 = t0 + windowMs;
  const all = [...servers.servers, ...clients];
  await Promise.all(all.map((p) => p.request("window", { t0, t1 })));
  const host = new HostLoad(() => [...all.map((p) => p.pid), servers.redisPid]);
  await sleepUntil(t0);
  const redis0 = procCpuSeconds(servers.redisPid);
  host.start();
  await sleepUntil(t1);
  const foreignCores = host.foreignCores();
  const redisCpuS = procCpuSeconds(servers.redisPid) - redis0;
  // Let probe samples that started near the end finish before pausing the state.
  await sleep(300);
  const after = await frameCounters(servers, clients);
  if (probe && joinWindowMs > 0) {
    const j0 = monoMs() + 100;
    await probe.request("joins", { t0: j0, t1: j0 + joinWindowMs, everyMs: JOIN_EVERY_MS }, joinWindowMs + 30_000);
  }
  const [serverReports, loadReport, probeReport] = await Promise.all([
    Promise.all(servers.servers.map((s) => s.request<ServerReport>("report"))),
    load.request<LoadReport>("report"),
    probe?.request<ProbeReport>("report"),
  ]);
  const frames = { sent: after.sent - before.sent, received: after.received - before.received };
  return computeMetrics(players, serverReports, loadReport, probeReport, servers.redisPid === undefined ? 0 : redisCpuS, foreignCores, frames);
}

const trace = (what: string, since: number) => {
  if (process.env.BENCH_VERBOSE) process.stderr.write(`  [runOne] ${what}: ${(monoMs() - since).toFixed(0)} ms\n`);
};

export async function runOne(spec: RunSpec): Promise<RunMetrics> {
  let t = monoMs();
  const servers = await startArm(spec.arm, spec);
  trace("servers started", t);
  let load: BenchProcess | undefined;
  let probe: BenchProcess | undefined;
  try {
    t = monoMs();
    load = await startLoad(spec.arm, servers, spec.botCore, spec.seed);
    trace("load started", t);
    t = monoMs();
    await load.request("setCount", { count: spec.players, concurrency: 4 }, 120_000);
    trace("bots joined", t);
    t = monoMs();
    probe = await startLoad(spec.arm, servers, spec.botCore, spec.seed, "load/probeMain.ts", "probe");
    await probe.request("start", { count: spec.probes }, 60_000);
    trace("probes joined", t);
    await sleep(spec.warmupMs);
    t = monoMs();
    const metrics = await measureWindow(spec.players, servers, load, probe, spec.windowMs, spec.joinWindowMs);
    trace("measured", t);
    return metrics;
  } finally {
    t = monoMs();
    await Promise.all([probe?.stop(), load?.stop()]);
    await servers.stop();
    trace("stopped", t);
  }
}
