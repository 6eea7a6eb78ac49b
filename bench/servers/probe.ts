/**
 * What every benchmark server reports, measured inside the server process over a window
 * [t0, t1) on the shared monotonic clock: CPU time (process.cpuUsage), event-loop utilization,
 * event-loop delay, tick+patch delay (how long after a tick or patch timer was due its work was
 * done), garbage-collection pauses, state frames sent, clients, and — after the window, so it does not disturb it — RSS and
 * heap after a full GC (the wrapper runs with --expose-gc).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { monitorEventLoopDelay, performance, PerformanceObserver, type EventLoopUtilization } from "node:perf_hooks";
import { monoMs } from "../lib/clock.js";
import { percentile, round } from "../lib/stats.js";

export interface ServerReport {
  windowMs: number;
  cpuUs: number;
  elu: number | null;
  eventLoopDelayP99Ms: number | null;
  tickPatchP50Ms: number | null;
  tickPatchP99Ms: number | null;
  tickPatchMaxMs: number | null;
  /** The same, split: tick timers and patch timers. */
  tickDelayP99Ms: number | null;
  patchDelayP99Ms: number | null;
  /** Work alone (end − start, no waiting), p99 over tick and patch runs. */
  workP99Ms: number | null;
  /** Garbage-collection pauses in the window: total per second of wall time, and the longest. */
  gcMsPerSec: number | null;
  gcMaxMs: number | null;
  timerSamples: number;
  clientsAvg: number;
  /** State frames sent in the window (one per recipient), and the rate the server is meant to send them at. */
  windowFrames: number;
  nominalFramesPerClientPerSec: number;
  /** Rooms open at report time (players should fill rooms of 16). */
  rooms: number;
  rssMb: number | null;
  heapAfterGcMb: number | null;
}

export class ServerProbe {
  private t0 = Number.POSITIVE_INFINITY;
  private t1 = Number.NEGATIVE_INFINITY;
  private delays: number[] = [];
  private tickDelays: number[] = [];
  private patchDelays: number[] = [];
  private work: number[] = [];
  /** State frames sent since start (one per recipient); compared with what clients counted. */
  private framesSent = 0;
  private windowFrames = 0;
  /** While true, servers send no state (so no frame is in flight when counters are read). */
  paused = false;
  private cpu0: NodeJS.CpuUsage | undefined;
  private cpuUs = 0;
  private elu0: EventLoopUtilization | undefined;
  private elu = Number.NaN;
  private eldP99 = Number.NaN;
  private clientSamples: number[] = [];
  private readonly eld = monitorEventLoopDelay({ resolution: 5 });
  private gcPauses: number[] = [];
  private readonly gcObserver = new PerformanceObserver((list) => {
    if (!this.measuring) return;
    for (const e of list.getEntries()) this.gcPauses.push(e.duration);
  });
  private measuring = false;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly clients: () => number,
    private readonly rooms: () => number,
    /** State frames per client per second this server sends when it keeps up (its patch or state rate). */
    private readonly nominalFramesPerClientPerSec: number,
  ) {}

  /** One timer callback (tick or patch): it was due at `dueMs`, ran from `startMs` to `endMs`. */
  timer(kind: "tick" | "patch", dueMs: number, startMs: number, endMs: number): void {
    if (startMs < this.t0 || startMs >= this.t1) return;
    const delay = endMs - Math.min(dueMs, startMs);
    this.delays.push(delay);
    (kind === "tick" ? this.tickDelays : this.patchDelays).push(delay);
    this.work.push(endMs - startMs);
  }

  /** `count` state frames went out (one per recipient). */
  sent(count: number): void {
    this.framesSent += count;
    if (this.measuring) this.windowFrames += count;
  }

  /** Arms the window; snapshots are taken by timers at t0 and t1. */
  window(t0: number, t1: number): void {
    this.t0 = t0;
    this.t1 = t1;
    this.delays = [];
    this.tickDelays = [];
    this.patchDelays = [];
    this.work = [];
    this.clientSamples = [];
    this.gcPauses = [];
    this.windowFrames = 0;
    this.done = new Promise((resolve) => {
      setTimeout(async () => {
        const profiler = process.env.BENCH_PROFILE_DIR ? await startProfiler() : undefined;
        this.cpu0 = process.cpuUsage();
        this.elu0 = performance.eventLoopUtilization();
        this.eld.reset();
        this.eld.enable();
        this.gcObserver.observe({ entryTypes: ["gc"] });
        this.measuring = true;
        const sampler = setInterval(() => this.clientSamples.push(this.clients()), 100);
        setTimeout(async () => {
          clearInterval(sampler);
          this.measuring = false;
          this.gcObserver.disconnect();
          const cpu = process.cpuUsage(this.cpu0);
          this.cpuUs = cpu.user + cpu.system;
          this.elu = performance.eventLoopUtilization(this.elu0).utilization;
          this.eld.disable();
          this.eldP99 = this.eld.percentile(99) / 1e6;
          if (profiler) await profiler.stop();
          resolve();
        }, t1 - monoMs());
      }, t0 - monoMs());
    });
  }

  async report(): Promise<ServerReport> {
    await this.done;
    const gc = (globalThis as { gc?: () => void }).gc;
    let heap = Number.NaN;
    if (gc) {
      gc();
      heap = process.memoryUsage().heapUsed / 2 ** 20;
    }
    const samples = this.clientSamples.length ? this.clientSamples : [this.clients()];
    return {
      windowMs: this.t1 - this.t0,
      cpuUs: this.cpuUs,
      elu: round(this.elu, 3),
      eventLoopDelayP99Ms: round(this.eldP99, 2),
      tickPatchP50Ms: round(percentile(this.delays, 50), 2),
      tickPatchP99Ms: round(percentile(this.delays, 99), 2),
      tickPatchMaxMs: round(this.delays.length ? Math.max(...this.delays) : Number.NaN, 2),
      tickDelayP99Ms: round(percentile(this.tickDelays, 99), 2),
      patchDelayP99Ms: round(percentile(this.patchDelays, 99), 2),
      workP99Ms: round(percentile(this.work, 99), 2),
      gcMsPerSec: round(this.gcPauses.reduce((a, b) => a + b, 0) / ((this.t1 - this.t0) / 1000), 2),
      gcMaxMs: round(this.gcPauses.length ? Math.max(...this.gcPauses) : 0, 2),
      timerSamples: this.delays.length,
      clientsAvg: samples.reduce((a, b) => a + b, 0) / samples.length,
      windowFrames: this.windowFrames,
      nominalFramesPerClientPerSec: this.nominalFramesPerClientPerSec,
      rooms: this.rooms(),
      rssMb: round(process.memoryUsage().rss / 2 ** 20, 1),
      heapAfterGcMb: round(heap, 1),
    };
  }

  /**
   * IPC handlers shared by every benchmark server. `pause` stops and resumes state sending (the
   * server passes what that means for it); `frames` reads the sent-frames counter.
   */
  handlers(onPause: (paused: boolean) => void = () => undefined) {
    return {
      window: (args: Record<string, unknown>) => this.window(Number(args.t0), Number(args.t1)),
      report: () => this.report(),
      pause: (args: Record<string, unknown>) => {
        this.paused = args.paused === true;
        onPause(this.paused);
      },
      frames: () => ({ frames: this.framesSent }),
    };
  }
}

/** CPU profile of the measurement window only (env BENCH_PROFILE_DIR), written as a .cpuprofile. */
async function startProfiler(): Promise<{ stop(): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      const file = join(process.env.BENCH_PROFILE_DIR!, `${process.env.BENCH_PROFILE_LABEL ?? "server"}-${process.pid}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/**
 * Wraps a repeating timer callback so each run reports (due, start, end) to the probe: Node
 * re-arms an interval from the start of its callback, so a run is due one interval after the
 * previous run started.
 */
export function timedInterval(probe: ServerProbe, kind: "tick" | "patch", intervalMs: number, fn: () => void, onDue?: (dueMs: number) => void): () => void {
  let lastStart = Number.NaN;
  return () => {
    const start = monoMs();
    const due = Number.isNaN(lastStart) ? start : lastStart + intervalMs;
    lastStart = start;
    onDue?.(due);
    fn();
    probe.timer(kind, due, start, monoMs());
  };
}
