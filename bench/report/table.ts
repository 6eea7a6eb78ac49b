/** The stdout table: one row per arm and size (medians), capacities, then the targets. */
import type { JoinFigures } from "../joinIdle.js";
import type { BenchResults } from "./results.js";
import type { TargetCheck } from "./targets.js";

const COLUMNS: Array<[string, (s: Record<string, number | null>) => number | null, number]> = [
  ["down B/cl/s", (s) => s.bytesDownPerClientPerSec ?? null, 0],
  ["up B/cl/s", (s) => s.bytesUpPerClientPerSec ?? null, 0],
  ["CPU µs/cl·tick", (s) => s.serverCpuUsPerClientTick ?? null, 2],
  ["cores", (s) => s.serverCpuCores ?? null, 2],
  ["ELU", (s) => s.elu ?? null, 2],
  ["ELD p99", (s) => s.eventLoopDelayP99Ms ?? null, 1],
  ["tick+patch p99", (s) => s.tickPatchP99Ms ?? null, 1],
  ["RSS MB", (s) => s.rssMb ?? null, 0],
  ["heap MB", (s) => s.heapAfterGcMb ?? null, 1],
  ["GC ms/s", (s) => s.gcMsPerSec ?? null, 1],
  ["echo p50", (s) => s.inputEchoP50Ms ?? null, 1],
  ["echo p99", (s) => s.inputEchoP99Ms ?? null, 1],
  ["chat p99", (s) => s.chatAckP99Ms ?? null, 1],
  ["join p50", (s) => s.joinP50Ms ?? null, 1],
  ["matchmake p50", (s) => s.joinMatchmakeP50Ms ?? null, 1],
  ["join p99", (s) => s.joinP99Ms ?? null, 1],
  ["delivery %", (s) => (s.delivery == null ? null : s.delivery * 100), 2],
  ["bots CPU", (s) => s.botsCpu ?? null, 2],
  ["other CPU", (s) => s.foreignCpuCores ?? null, 2],
];

const fmt = (v: number | null, digits: number) => (v === null || !Number.isFinite(v) ? "–" : v.toFixed(digits));

export function formatTable(r: BenchResults, targets: TargetCheck[]): string {
  const header = ["arm", "players", ...COLUMNS.map(([name]) => name)];
  const rows: string[][] = [];
  for (const [arm, result] of Object.entries(r.arms)) {
    for (const [size, s] of Object.entries(result.sizes)) {
      rows.push([arm, size, ...COLUMNS.map(([, get, digits]) => fmt(get(s as unknown as Record<string, number | null>), digits))]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line), ""];
  out.push("capacity (players per process while tick+patch p99 ≤ 25 ms, delivery ≥ 99.9 %, update rate ≥ 95 %, bots < 80 % CPU):");
  for (const [arm, result] of Object.entries(r.arms)) {
    const d = result.capacityDetail;
    if (!d) continue;
    const limit = d.limitedBy === "server" ? `first failure at ${d.firstFailure ?? "–"}` : `limited by ${d.limitedBy}${d.error ? `: ${d.error}` : ""}`;
    out.push(`  ${arm.padEnd(16)} ${String(result.capacity ?? "–").padStart(5)}  (${limit})`);
  }
  if (r.joinIdle) {
    const f = (j: JoinFigures) => `p50 ${j.p50Ms ?? "–"} ms, p99 ${j.p99Ms ?? "–"} ms (${j.samples})`;
    out.push("", "join latency with no load:");
    out.push(`  one process                        ${f(r.joinIdle.single)}`);
    out.push(`  two on Redis, room on that process ${f(r.joinIdle.redisLocal)}`);
    out.push(`  two on Redis, room on the other    ${f(r.joinIdle.redisRemote)}`);
  }
  out.push("", "targets:");
  for (const t of targets) out.push(`  [${t.holds === null ? " ?  " : t.holds ? "PASS" : "FAIL"}] ${t.target}: ${t.measured}`);
  return out.join("\n");
}
