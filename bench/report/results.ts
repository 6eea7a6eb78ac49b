/**
 * The published shape (bench/results/<date>.json and latest.json):
 * { machine, node, arms: { <arm>: { capacity, sizes: { <players>: { bytesDownPerClientPerSec, serverCpuUsPerClientTick,
 *   inputEchoP50Ms, inputEchoP99Ms, chatAckP99Ms, joinP50Ms, … } } } } } — each figure the median over rounds.
 */
import { cpus, release, totalmem } from "node:os";
import type { CapacityResult } from "../capacity.js";
import { median, round } from "../lib/stats.js";
import type { Arm } from "../load/factory.js";
import type { RunMetrics } from "../metrics.js";
import type { IdleJoins } from "../joinIdle.js";
import type { BenchOptions } from "../options.js";

/** Figures reported per size, in table order; all medians over the rounds. */
export const SIZE_FIELDS = [
  "bytesDownPerClientPerSec",
  "bytesUpPerClientPerSec",
  "serverCpuUsPerClientTick",
  "serverCpuCores",
  "elu",
  "eventLoopDelayP99Ms",
  "tickPatchP99Ms",
  "rssMb",
  "heapAfterGcMb",
  "gcMsPerSec",
  "gcMaxMs",
  "delivery",
  "updateRate",
  "botsCpu",
  "redisCpuCores",
  "inputEchoP50Ms",
  "inputEchoP99Ms",
  "chatAckP50Ms",
  "chatAckP99Ms",
  "joinP50Ms",
  "joinP99Ms",
  "joinLocalP50Ms",
  "joinRemoteP50Ms",
  "joinMatchmakeP50Ms",
  "foreignCpuCores",
] as const satisfies ReadonlyArray<keyof RunMetrics>;
export type SizeField = (typeof SIZE_FIELDS)[number];

export type SizeResult = Record<SizeField, number | null> & { rounds: number; runs: RunMetrics[] };

export interface ArmResult {
  capacity: number | null;
  capacityDetail?: Omit<CapacityResult, "steps"> & { steps: Array<{ players: number; pass: boolean; why: string } & Partial<RunMetrics>> };
  sizes: Record<string, SizeResult>;
}

export interface BenchResults {
  date: string;
  mode: BenchOptions["mode"];
  machine: { cpuModel: string; cores: number; memoryGiB: number; kernel: string; pinned: string };
  node: string;
  options: Omit<BenchOptions, "outDir">;
  arms: Partial<Record<Arm, ArmResult>>;
  /** Join latency with no load (single process; Redis with the room on the answering process or the other). */
  joinIdle?: IdleJoins;
  notes: string[];
}

export function machineInfo(pinned: string): BenchResults["machine"] {
  const list = cpus();
  return { cpuModel: list[0]?.model ?? "unknown", cores: list.length, memoryGiB: Math.round(totalmem() / 2 ** 30), kernel: release(), pinned };
}

export function sizeResult(runs: RunMetrics[]): SizeResult {
  const out = { rounds: runs.length, runs } as SizeResult;
  for (const field of SIZE_FIELDS) {
    const m = median(runs.map((r) => r[field] ?? Number.NaN));
    out[field] = round(m, field === "delivery" ? 5 : field === "elu" || field.endsWith("Cores") || field === "botsCpu" ? 3 : 2);
  }
  return out;
}

export function capacityEntry(result: CapacityResult): ArmResult["capacityDetail"] {
  return {
    ...result,
    steps: result.steps.map((s) => ({
      players: s.players,
      pass: s.pass,
      why: s.why,
      tickPatchP99Ms: s.metrics.tickPatchP99Ms,
      delivery: s.metrics.delivery,
      updateRate: s.metrics.updateRate,
      serverCpuCores: s.metrics.serverCpuCores,
      serverCpuUsPerClientTick: s.metrics.serverCpuUsPerClientTick,
      botsCpu: s.metrics.botsCpu,
      gcMsPerSec: s.metrics.gcMsPerSec,
      gcMaxMs: s.metrics.gcMaxMs,
      foreignCpuCores: s.metrics.foreignCpuCores,
      rooms: s.metrics.rooms,
    })),
  };
}
