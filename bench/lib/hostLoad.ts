/**
 * Other work on the machine during a window: busy CPU time of all cores (/proc/stat) minus the
 * CPU time of the benchmark's own processes (/proc/<pid>/stat). A shared machine (tests, a
 * browser) skews latency and capacity figures; runs above a threshold are flagged and retried.
 */
import { readFileSync } from "node:fs";
import { procCpuSeconds } from "./proc.js";

const USER_HZ = 100;

function busySeconds(): number {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!; // "cpu  user nice system idle iowait irq softirq steal ..."
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return (user + nice + system + irq + softirq + steal) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}

export class HostLoad {
  private busy0 = Number.NaN;
  private ours0 = Number.NaN;
  private at0 = 0;

  constructor(private readonly pids: () => Array<number | undefined>) {}

  private ours(): number {
    let total = 0;
    for (const pid of [process.pid, ...this.pids()]) total += procCpuSeconds(pid) || 0;
    return total;
  }

  start(): void {
    this.busy0 = busySeconds();
    this.ours0 = this.ours();
    this.at0 = performance.now();
  }

  /** CPU cores' worth of work by processes other than the benchmark's since start(). */
  foreignCores(): number {
    if (Number.isNaN(this.busy0)) return Number.NaN;
    const seconds = (performance.now() - this.at0) / 1000;
    const foreign = busySeconds() - this.busy0 - (this.ours() - this.ours0);
    return Math.max(0, foreign / seconds);
  }
}

/** Samples other processes' CPU use over `ms` (nothing of ours running but the orchestrator). */
export async function foreignLoadNow(ms = 1000): Promise<number> {
  const host = new HostLoad(() => []);
  host.start();
  await new Promise((r) => setTimeout(r, ms));
  return host.foreignCores();
}
