/**
 * Starting each arm's server side: Orb Arena through its benchmark wrapper (with the tunings the arm
 * switches off: COLYSEUS_TUNINGS_OFF), the two baselines, and Orb Arena on Redis (a real
 * redis-server and two wrapped processes that split the load).
 * Servers are pinned to the server core(s); every process is stopped by its own PID.
 */
import { fileURLToPath } from "node:url";
import { LOAD_TOOL_LIMITS_ENV } from "../bots/loadLimits.js";
import { freePort } from "../server/launch/freePort.js";
import { spawnServer } from "../server/launch/gameServer.js";
import { RedisServer } from "../server/launch/redisServer.js";
import { BenchProcess, pinPid, pinning } from "./lib/proc.js";
import type { Endpoint } from "./load/client.js";
import { armSpec, type Arm, type ArmSpec } from "./load/factory.js";
import { TUNING_NAMES } from "../server/platform/colyseus/tuningNames.js";

export interface ArmServers {
  endpoints: Endpoint[];
  servers: BenchProcess[];
  redisPid?: number;
  redisUrl?: string;
  stop(): Promise<void>;
}

export interface ServerLayout {
  /** Core of each server process (the Redis arm uses two; the second falls back to the first). */
  serverCores: number[];
  seed: number;
  /** Write a CPU profile of each server's measurement window into this directory. */
  profileDir?: string;
}

const SCRIPT: Record<ArmSpec["server"], string> = {
  "orb-arena": "servers/orbArena.ts",
  socketio: "servers/socketio.ts",
  floor: "servers/floor.ts",
};

async function startServer(server: ArmSpec["server"], core: number, layout: ServerLayout, env: Record<string, string>, label: string) {
  const child = spawnServer({
    entry: fileURLToPath(new URL(SCRIPT[server], import.meta.url)),
    ipc: true,
    wrapper: pinning(core),
    // Every arm runs as the shipped server is started (its Node flags: launch/gameServer.ts). BENCH_SERVER_NODE_FLAGS:
    // extra flags for experiments (e.g. --trace-gc); not used by `npm run bench`.
    nodeFlags: ["--expose-gc", ...(process.env.BENCH_SERVER_NODE_FLAGS?.split(" ").filter(Boolean) ?? [])],
    env: {
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      CLIENT_DIR: "",
      GAME_SEED: String(layout.seed),
      // Hundreds of bots from one address: the per-address matchmaking limits raised (every arm alike; others ignore them).
      ...LOAD_TOOL_LIMITS_ENV,
      ...(layout.profileDir ? { BENCH_PROFILE_DIR: layout.profileDir, BENCH_PROFILE_LABEL: label } : {}),
      ...env,
    },
  });
  const proc = BenchProcess.adopt(label, child);
  const { port } = await proc.waitEvent("ready", 30_000);
  return { proc, endpoint: { host: `127.0.0.1:${Number(port)}` } };
}

export async function startArm(arm: Arm, layout: ServerLayout): Promise<ArmServers> {
  const core0 = layout.serverCores[0] ?? 0;
  const spec = armSpec(arm);
  const off = spec.tuningsOff.length === TUNING_NAMES.length ? "all" : spec.tuningsOff.join(",");
  const tunings: Record<string, string> = { ...(off ? { COLYSEUS_TUNINGS_OFF: off } : {}), ...spec.env };
  if (!spec.redis) {
    const { proc, endpoint } = await startServer(spec.server, core0, layout, tunings, arm);
    return { endpoints: [endpoint], servers: [proc], stop: () => proc.stop() };
  }
  const redis = await RedisServer.start();
  const redisPid = redis.pid;
  pinPid(redisPid, core0);
  const servers: BenchProcess[] = [];
  const endpoints: Endpoint[] = [];
  try {
    for (const [i, core] of [core0, layout.serverCores[1] ?? core0].entries()) {
      const port = await freePort();
      const env = { PORT: String(port), REDIS_URL: redis.url, PUBLIC_ADDRESS: `127.0.0.1:${port}`, ...tunings };
      const started = await startServer(spec.server, core, layout, env, `${arm}#${i + 1}`);
      servers.push(started.proc);
      endpoints.push(started.endpoint);
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    await redis.stop();
    throw err;
  }
  return {
    endpoints,
    servers,
    redisPid,
    redisUrl: redis.url,
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await redis.stop();
    },
  };
}
