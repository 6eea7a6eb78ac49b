/**
 * Join latency with no load: one Orb Arena process, then two on Redis (servers and redis-server on
 * the server core, the client process on the bots' core, as in the sized runs). Each join is timed
 * like the probes' joins. With Redis the joins alternate between the two processes and are split
 * by where the room lives: "local" (the process that answered the matchmaking request) or "remote"
 * (the other one: the seat is reserved through Redis pub/sub). This isolates what Redis adds to a
 * join from what two busy processes sharing one core add in the sized runs.
 */
import { startArm, type ArmServers, type ServerLayout } from "./arms.js";
import { percentile, round } from "./lib/stats.js";
import { startLoad } from "./runOne.js";

export interface JoinFigures {
  p50Ms: number | null;
  p99Ms: number | null;
  samples: number;
}
export interface IdleJoins {
  single: JoinFigures;
  redisLocal: JoinFigures;
  redisRemote: JoinFigures;
}

export function figures(samples: number[] = []): JoinFigures {
  return { p50Ms: round(percentile(samples, 50), 2), p99Ms: round(percentile(samples, 99), 2), samples: samples.length };
}

export async function timeJoins(servers: ArmServers, botCore: number, count: number): Promise<Record<string, number[]>> {
  try {
    const client = await startLoad("orb-arena", servers, botCore, 0, "load/joinIdleMain.ts", "idle-joins");
    try {
      return await client.request<Record<string, number[]>>("joins", { count }, 120_000);
    } finally {
      await client.stop();
    }
  } finally {
    await servers.stop();
  }
}

/** `count` joins into one process, and `count` through each of the two Redis processes. */
export async function measureIdleJoins(layout: ServerLayout, botCore: number, count: number): Promise<IdleJoins> {
  const single = await timeJoins(await startArm("orb-arena", layout), botCore, count);
  const redis = await timeJoins(await startArm("orb-arena-redis", layout), botCore, 2 * count);
  return { single: figures(single.local), redisLocal: figures(redis.local), redisRemote: figures(redis.remote) };
}
