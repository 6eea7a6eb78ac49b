/** Turning the raw reports of one measurement window into the figures the benchmark publishes. */
import { TICK_RATE_HZ } from "../shared/sim/constants.js";
import { round, sum } from "./lib/stats.js";
import type { ServerReport } from "./servers/probe.js";

export interface LoadReport {
  bots: number;
  open: number;
  bytesRead: number;
  bytesWritten: number;
  cpuUs: number;
  joinFailures: number;
}

interface Summary {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  timeouts: number;
}

export interface ProbeReport {
  echo: Summary;
  chat: Summary;
  join: Summary;
  joinLocal: Summary;
  joinRemote: Summary;
  joinMatchmake: Summary;
  chatFailures: number;
  cpuUs: number;
}

/** One arm × size × window. Null where a figure could not be measured. */
export interface RunMetrics {
  players: number;
  windowMs: number;
  bytesDownPerClientPerSec: number | null;
  bytesUpPerClientPerSec: number | null;
  serverCpuUsPerClientTick: number | null;
  /** Server CPU time over wall time, summed over server processes (1 = one full core). */
  serverCpuCores: number | null;
  elu: number | null;
  eventLoopDelayP99Ms: number | null;
  tickPatchP99Ms: number | null;
  tickDelayP99Ms: number | null;
  patchDelayP99Ms: number | null;
  /** Tick or patch work alone (no waiting), p99. */
  timerWorkP99Ms: number | null;
  /** GC pauses: total ms per second (summed over server processes) and the longest one. */
  gcMsPerSec: number | null;
  gcMaxMs: number | null;
  rssMb: number | null;
  heapAfterGcMb: number | null;
  delivery: number | null;
  /**
   * State frames sent per client per second over the server's own rate (Orb Arena and the floor
   * 20/s, Socket.IO 30/s): below 1 when a late timer runs less often than it should.
   */
  updateRate: number | null;
  botsCpu: number | null;
  redisCpuCores: number | null;
  inputEchoP50Ms: number | null;
  inputEchoP99Ms: number | null;
  chatAckP50Ms: number | null;
  chatAckP99Ms: number | null;
  joinP50Ms: number | null;
  joinP99Ms: number | null;
  /** Join p50 split by where the room lives (only the Redis arm has "remote" joins). */
  joinLocalP50Ms: number | null;
  joinRemoteP50Ms: number | null;
  /** The matchmaking request alone (HTTP seat reservation), p50; the rest of a join is the room's WebSocket. */
  joinMatchmakeP50Ms: number | null;
  samples: { echo: number; chat: number; join: number; echoTimeouts: number; chatTimeouts: number; joinFailures: number };
  clients: number;
  rooms: number;
  /** CPU used by other processes on the machine during the window (cores); high = a noisy run. */
  foreignCpuCores: number | null;
}

const maxOf = (values: Array<number | null>) => {
  const v = values.filter((x): x is number => x !== null);
  return v.length ? Math.max(...v) : null;
};

export function computeMetrics(
  players: number,
  servers: ServerReport[],
  load: LoadReport,
  probe: ProbeReport | undefined,
  redisCpuS: number,
  foreignCores: number,
  frames: { sent: number; received: number },
): RunMetrics {
  const windowMs = servers[0]?.windowMs ?? Number.NaN;
  const seconds = windowMs / 1000;
  const clients = sum(servers.map((s) => s.clientsAvg));
  const cpuUs = sum(servers.map((s) => s.cpuUs));
  const botsCpuUs = load.cpuUs + (probe?.cpuUs ?? 0);
  return {
    players,
    windowMs: Math.round(windowMs),
    bytesDownPerClientPerSec: round(load.bytesRead / load.bots / seconds, 0),
    bytesUpPerClientPerSec: round(load.bytesWritten / load.bots / seconds, 0),
    serverCpuUsPerClientTick: round(cpuUs / (clients * seconds * TICK_RATE_HZ), 2),
    serverCpuCores: round(cpuUs / (windowMs * 1000), 3),
    elu: maxOf(servers.map((s) => s.elu)),
    eventLoopDelayP99Ms: maxOf(servers.map((s) => s.eventLoopDelayP99Ms)),
    tickPatchP99Ms: maxOf(servers.map((s) => s.tickPatchP99Ms)),
    tickDelayP99Ms: maxOf(servers.map((s) => s.tickDelayP99Ms)),
    patchDelayP99Ms: maxOf(servers.map((s) => s.patchDelayP99Ms)),
    timerWorkP99Ms: maxOf(servers.map((s) => s.workP99Ms)),
    gcMsPerSec: round(sum(servers.map((s) => s.gcMsPerSec ?? Number.NaN)), 2),
    gcMaxMs: maxOf(servers.map((s) => s.gcMaxMs)),
    rssMb: round(sum(servers.map((s) => s.rssMb ?? Number.NaN)), 1),
    heapAfterGcMb: round(sum(servers.map((s) => s.heapAfterGcMb ?? Number.NaN)), 1),
    delivery: frames.sent > 0 ? round(frames.received / frames.sent, 5) : null,
    updateRate: updateRate(servers),
    botsCpu: round(botsCpuUs / (windowMs * 1000), 3),
    redisCpuCores: round(redisCpuS / seconds, 3),
    inputEchoP50Ms: probe?.echo.p50 ?? null,
    inputEchoP99Ms: probe?.echo.p99 ?? null,
    chatAckP50Ms: probe?.chat.p50 ?? null,
    chatAckP99Ms: probe?.chat.p99 ?? null,
    joinP50Ms: probe?.join.p50 ?? null,
    joinP99Ms: probe?.join.p99 ?? null,
    joinLocalP50Ms: probe?.joinLocal.p50 ?? null,
    joinRemoteP50Ms: probe?.joinRemote.p50 ?? null,
    joinMatchmakeP50Ms: probe?.joinMatchmake.p50 ?? null,
    samples: {
      echo: probe?.echo.n ?? 0,
      chat: probe?.chat.n ?? 0,
      join: probe?.join.n ?? 0,
      echoTimeouts: probe?.echo.timeouts ?? 0,
      chatTimeouts: (probe?.chat.timeouts ?? 0) + (probe?.chatFailures ?? 0),
      joinFailures: (probe?.join.timeouts ?? 0) + load.joinFailures,
    },
    clients: round(clients, 0) ?? 0,
    rooms: sum(servers.map((s) => s.rooms)),
    foreignCpuCores: round(foreignCores, 2),
  };
}

function updateRate(servers: ServerReport[]): number | null {
  const due = sum(servers.map((s) => (s.clientsAvg * s.nominalFramesPerClientPerSec * s.windowMs) / 1000));
  return due > 0 ? round(sum(servers.map((s) => s.windowFrames)) / due, 3) : null;
}

/** The capacity criteria: the server keeps up (on time, at its rate), delivers, and the bots are not the bottleneck. */
export const CAPACITY_RULES = { tickPatchP99Ms: 25, delivery: 0.999, updateRate: 0.95, botsCpu: 0.8 } as const;

export function capacityVerdict(m: RunMetrics): { pass: boolean; serverPass: boolean; botLimited: boolean; why: string } {
  const problems: string[] = [];
  if (m.tickPatchP99Ms === null || m.tickPatchP99Ms > CAPACITY_RULES.tickPatchP99Ms) problems.push(`tick+patch p99 ${m.tickPatchP99Ms} ms`);
  if (m.delivery === null || m.delivery < CAPACITY_RULES.delivery) problems.push(`delivery ${m.delivery}`);
  // "At our tick rates": a server whose late timers run less often sends fewer states, which tick+patch delay alone does not show.
  if (m.updateRate === null || m.updateRate < CAPACITY_RULES.updateRate) problems.push(`update rate ${m.updateRate}`);
  const serverPass = problems.length === 0;
  const botLimited = m.botsCpu !== null && m.botsCpu >= CAPACITY_RULES.botsCpu;
  if (botLimited) problems.push(`bots at ${Math.round((m.botsCpu ?? 0) * 100)} % CPU`);
  return { pass: problems.length === 0, serverPass, botLimited, why: problems.join(", ") || "ok" };
}
