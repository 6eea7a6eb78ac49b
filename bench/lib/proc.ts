/**
 * Orchestrator side: start a benchmark process pinned to one core (taskset when available),
 * talk to it over IPC (request/response with timeouts), stop it by its own PID.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

const HAS_TASKSET = spawnSync("taskset", ["-V"]).status === 0;
/** Raised scheduling priority for the benchmark's processes when allowed (a shared machine's other work yields to them). */
export const NICE = spawnSync("nice", ["-n", "-10", "true"]).status === 0 ? -10 : 0;
export const CORES = availableParallelism();
/** Where the servers run, and the bots (the same core on a one-core machine). */
export const SERVER_CORE = 0;
export const BOT_CORE = CORES > 1 ? 1 : 0;

export interface SpawnOptions {
  /** Core to pin to (ignored without taskset or on a one-core machine). */
  core?: number;
  env?: Record<string, string>;
  /** Extra node flags, e.g. --expose-gc or --cpu-prof. */
  nodeFlags?: string[];
  label: string;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class BenchProcess {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly waiters = new Map<string, Array<(data: Record<string, unknown>) => void>>();
  private output = "";
  readonly exited: Promise<number | null>;

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on("data", (d: Buffer) => this.keep(d));
    child.stderr?.on("data", (d: Buffer) => this.keep(d));
    child.on("message", (raw: unknown) => this.onMessage(raw as { id?: number; ok?: boolean; result?: unknown; event?: string; data?: Record<string, unknown> }));
    this.exited = new Promise((resolve) =>
      child.once("exit", (code) => {
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(new Error(`${label} exited (${code}) before answering; output:\n${this.output.slice(-2000)}`));
        }
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  /** Starts `node --import tsx <script>` (a path relative to bench/), e.g. a load generator. */
  static start(script: string, opts: SpawnOptions): BenchProcess {
    const path = fileURLToPath(new URL(`../${script}`, import.meta.url));
    const [cmd, ...args] = [...pinning(opts.core), process.execPath, ...(opts.nodeFlags ?? []), "--import", "tsx", path];
    const child = spawn(cmd!, args, {
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    return new BenchProcess(opts.label, child);
  }

  /** Talks to a child started elsewhere with an IPC channel (the servers: launch/gameServer.ts). */
  static adopt(label: string, child: ChildProcess): BenchProcess {
    return new BenchProcess(label, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
  get log(): string {
    return this.output;
  }

  request<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.label}: "${cmd}" timed out after ${timeoutMs} ms; output:\n${this.output.slice(-2000)}`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      if (!this.child.connected) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new Error(`${this.label} is not running; output:\n${this.output.slice(-2000)}`));
        return;
      }
      this.child.send({ id, cmd, args });
    });
  }

  /** Resolves with the data of the next `event` the child emits. */
  waitEvent(event: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: no "${event}" within ${timeoutMs} ms; output:\n${this.output.slice(-2000)}`)), timeoutMs);
      const list = this.waiters.get(event) ?? [];
      list.push((data) => {
        clearTimeout(timer);
        resolve(data);
      });
      this.waiters.set(event, list);
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.label} exited (${code}) before "${event}"; output:\n${this.output.slice(-2000)}`));
      });
    });
  }

  /** Asks the child to stop, then SIGTERM, then SIGKILL (by this child's PID only). */
  async stop(graceMs = 4000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.request("stop", {}, graceMs).catch(() => undefined);
    const done = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
    if (done) return;
    this.child.kill("SIGTERM");
    const termed = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]);
    if (!termed) this.child.kill("SIGKILL");
    await this.exited;
  }

  private keep(d: Buffer): void {
    this.output += d.toString();
    if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[${this.label}] ${d.toString()}`);
  }

  private onMessage(msg: { id?: number; ok?: boolean; result?: unknown; event?: string; data?: Record<string, unknown> }): void {
    if (msg.event !== undefined) {
      const list = this.waiters.get(msg.event);
      this.waiters.delete(msg.event);
      for (const w of list ?? []) w(msg.data ?? {});
      return;
    }
    if (msg.id === undefined) return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(`${this.label}: ${String(msg.result)}`));
  }
}

/** The command prefix that pins a process to `core` (taskset) and raises its priority (nice), where allowed. */
export function pinning(core?: number): string[] {
  const pin = HAS_TASKSET && CORES > 1 && core !== undefined ? ["taskset", "-c", String(core)] : [];
  return NICE !== 0 ? ["nice", "-n", String(NICE), ...pin] : pin;
}

/** Pins an already running process (e.g. redis-server) to a core; no-op without taskset. */
export function pinPid(pid: number | undefined, core: number): void {
  if (pid === undefined) return;
  if (HAS_TASKSET && CORES > 1) spawnSync("taskset", ["-a", "-p", "-c", String(core), String(pid)]);
  if (NICE !== 0) spawnSync("renice", ["-n", String(NICE), "-p", String(pid)]);
}

/** CPU seconds (user + system) a process has used so far, from /proc; NaN when unavailable. */
export function procCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}
