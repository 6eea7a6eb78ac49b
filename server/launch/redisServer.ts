/**
 * A real redis-server for the multi-process tests and the benchmark's Redis arm: one per run, on a free port, no
 * persistence, stopped by PID. A missing binary is a loud failure with how to install it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort } from "./freePort.js";

export class RedisServer {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    /** More redis-server arguments (a replica's `--replicaof host port`, for one). */
    private readonly extraArgs: readonly string[] = [],
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The running server's process id (undefined while stopped). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  static async start(extraArgs: readonly string[] = []): Promise<RedisServer> {
    const found = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
    if (found.error || found.status !== 0) {
      throw new Error("redis-server is not installed; the multi-process tests and the benchmark's Redis arm need it. Install it with: apt-get install -y redis-server");
    }
    const redis = new RedisServer(await freePort(), extraArgs);
    await redis.boot();
    return redis;
  }

  /** Starts (or restarts) the server on the same port; resolves when it accepts connections. */
  boot(timeoutMs = 10_000): Promise<void> {
    const child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...this.extraArgs], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${out}`));
      });
    });
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered until `resume()`. */
  pause(): void {
    if (!this.child || this.child.exitCode !== null) throw new Error("redis-server is not running");
    this.child.kill("SIGSTOP");
  }

  /** Thaws a frozen server (SIGCONT): it answers everything it received meanwhile. */
  resume(): void {
    if (!this.child || this.child.exitCode !== null) throw new Error("redis-server is not running");
    this.child.kill("SIGCONT");
  }

  /** Kills the server (SIGKILL, no shutdown) and waits for it to exit; `boot()` starts an empty one on the same port. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  /** Stops the server (SIGTERM by PID) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGCONT"); // a frozen server cannot handle SIGTERM
    child.kill("SIGTERM");
    await exited;
  }
}
