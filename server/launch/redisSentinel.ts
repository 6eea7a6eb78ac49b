/**
 * Redis with Sentinel for the failover tests: a master, one replica and three sentinels (quorum 2), each on a free
 * port, no persistence, quick failure detection. `killMaster()` kills the master; `switched()` resolves when the
 * sentinels announce the replica as the new master (+switch-master). Stopped by PID.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "./freePort.js";
import { RedisServer } from "./redisServer.js";

export const SENTINEL_MASTER_NAME = "orb";
/** A master that does not answer this long is subjectively down (the sentinels' down-after-milliseconds). */
export const SENTINEL_DOWN_AFTER_MS = 1000;
const SENTINEL_FAILOVER_TIMEOUT_MS = 3000;

export class RedisSentinelSet {
  private readonly sentinelChildren: ChildProcess[] = [];
  private switchListener: Redis | undefined;
  private readonly switches: Array<{ at: number; address: string }> = [];

  private constructor(
    readonly master: RedisServer,
    readonly replica: RedisServer,
    readonly sentinelPorts: number[],
    private readonly dir: string,
  ) {}

  /** The game server's env for this set (instead of REDIS_URL). */
  get env(): Record<string, string> {
    return { REDIS_SENTINELS: this.sentinelPorts.map((p) => `127.0.0.1:${p}`).join(","), REDIS_SENTINEL_NAME: SENTINEL_MASTER_NAME };
  }

  static async start(timeoutMs = 20_000): Promise<RedisSentinelSet> {
    const found = spawnSync("redis-sentinel", ["--version"], { encoding: "utf8" });
    if (found.error || found.status !== 0) throw new Error("redis-sentinel is not installed; the failover tests need it. Install it with: apt-get install -y redis-sentinel");
    // Full resynchronisation writes an RDB file: into a temporary directory, not the working directory.
    const dir = mkdtempSync(join(tmpdir(), "orb-sentinel-"));
    const master = await RedisServer.start(["--dir", dir]);
    const replica = await RedisServer.start(["--dir", dir, "--replicaof", "127.0.0.1", String(master.port)]);
    const ports = [await freePort(), await freePort(), await freePort()];
    const set = new RedisSentinelSet(master, replica, ports, dir);
    try {
      for (const port of ports) set.sentinelChildren.push(await set.bootSentinel(port, timeoutMs));
      await set.untilSettled(timeoutMs);
      await set.listenForSwitches();
    } catch (err) {
      await set.stop();
      throw err;
    }
    return set;
  }

  /** Kills the master (SIGKILL); returns when it has exited. */
  async killMaster(): Promise<void> {
    await this.master.kill();
  }

  /** Resolves with the time (performance.now()) the sentinels announced a new master, and its address. */
  async switched(timeoutMs: number): Promise<{ at: number; address: string }> {
    const start = performance.now();
    while (this.switches.length === 0) {
      if (performance.now() - start > timeoutMs) throw new Error(`no +switch-master within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.switches[0]!;
  }

  async stop(): Promise<void> {
    this.switchListener?.disconnect();
    await Promise.all(
      this.sentinelChildren.splice(0).map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return undefined;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        return exited;
      }),
    );
    await Promise.all([this.master.stop(), this.replica.stop()]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private bootSentinel(port: number, timeoutMs: number): Promise<ChildProcess> {
    const file = join(this.dir, `sentinel-${port}.conf`);
    writeFileSync(
      file,
      [
        `port ${port}`,
        "bind 127.0.0.1",
        `dir ${this.dir}`,
        `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${this.master.port} 2`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} ${SENTINEL_DOWN_AFTER_MS}`,
        `sentinel failover-timeout ${SENTINEL_MASTER_NAME} ${SENTINEL_FAILOVER_TIMEOUT_MS}`,
        `sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1`,
        "",
      ].join("\n"),
    );
    const child = spawn("redis-sentinel", [file], { stdio: ["ignore", "pipe", "pipe"] });
    return new Promise((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`redis-sentinel on ${port} did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("+monitor master")) {
          clearTimeout(timer);
          resolve(child);
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-sentinel on ${port} exited with ${code}:\n${out}`));
      });
    });
  }

  /** Until the replica is in sync and every sentinel knows the replica and the two other sentinels. */
  private async untilSettled(timeoutMs: number): Promise<void> {
    const clients = [this.replica.port, ...this.sentinelPorts].map((port) => new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 1, lazyConnect: false }));
    const [replica, ...sentinels] = clients;
    const start = performance.now();
    try {
      for (;;) {
        const info = await replica!.info("replication");
        const counts = await Promise.all(
          sentinels.map(async (s) => {
            const replicas = (await s.call("SENTINEL", "REPLICAS", SENTINEL_MASTER_NAME)) as unknown[];
            const others = (await s.call("SENTINEL", "SENTINELS", SENTINEL_MASTER_NAME)) as unknown[];
            return replicas.length >= 1 && others.length >= 2;
          }),
        );
        if (info.includes("master_link_status:up") && counts.every(Boolean)) return;
        if (performance.now() - start > timeoutMs) throw new Error(`sentinels not settled within ${timeoutMs} ms (replica ${/master_link_status:(\w+)/.exec(info)?.[1]}, sentinels ${counts.join(",")})`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      for (const c of clients) c.disconnect();
    }
  }

  private async listenForSwitches(): Promise<void> {
    const listener = new Redis({ host: "127.0.0.1", port: this.sentinelPorts[0]!, maxRetriesPerRequest: 1 });
    listener.on("error", () => undefined);
    listener.on("message", (channel: string, message: string) => {
      // "<name> <old-ip> <old-port> <new-ip> <new-port>"
      const [name, , , ip, port] = message.split(" ");
      if (channel === "+switch-master" && name === SENTINEL_MASTER_NAME) this.switches.push({ at: performance.now(), address: `${ip}:${port}` });
    });
    this.switchListener = listener;
    await listener.subscribe("+switch-master");
  }
}
