/**
 * Capacity search for one arm: the largest player count whose window still meets the rules
 * (tick+patch p99 ≤ 25 ms, delivery ≥ 99.9 %, bots < 80 % CPU). One server start, the load
 * ramped up in place (×factor per step, rooms of 16), then bisected between the last pass and
 * the first failure. A failing step measured while other work loaded the machine is re-measured.
 */
import { type ArmServers, startArm, type ServerLayout } from "./arms.js";
import { monoMs, sleep } from "./lib/clock.js";
import type { BenchProcess } from "./lib/proc.js";
import type { Arm } from "./load/factory.js";
import { capacityVerdict, type RunMetrics } from "./metrics.js";
import { measureWindow, startLoad } from "./runOne.js";

export interface CapacityStep {
  players: number;
  pass: boolean;
  why: string;
  metrics: RunMetrics;
}

export interface CapacityResult {
  /** Largest passing player count; null when even the first step failed. */
  capacity: number | null;
  /** What stopped the search: the server failing a rule, the bots, the configured maximum, or an error. */
  limitedBy: "server" | "bots" | "max" | "time" | "error";
  firstFailure: number | null;
  steps: CapacityStep[];
  error?: string;
}

export interface CapacitySpec extends ServerLayout {
  arm: Arm;
  start: number;
  factor: number;
  max: number;
  windowMs: number;
  refine: number;
  /** Undefined → bots unpinned (used when the servers take both cores). */
  botCore: number | undefined;
  noisyCores: number;
  /** monoMs() after which no new step starts (the quick run's time budget). */
  deadline: number;
  log: (line: string) => void;
}

const ROOM = 16;
const roundToRooms = (n: number) => Math.max(ROOM, Math.round(n / ROOM) * ROOM);

export async function findCapacity(spec: CapacitySpec): Promise<CapacityResult> {
  const steps: CapacityStep[] = [];
  let servers: ArmServers | undefined;
  let load: BenchProcess | undefined;
  let lastPass: number | null = null;
  let firstFail: number | null = null;
  let limitedBy: CapacityResult["limitedBy"] = "server";
  const measure = async (players: number): Promise<CapacityStep> => {
    await load!.request("setCount", { count: players, concurrency: 8 }, 300_000);
    for (let attempt = 0; ; attempt++) {
      await sleep(1000);
      const metrics = await measureWindow(players, servers!, load!, undefined, spec.windowMs);
      const verdict = capacityVerdict(metrics);
      const noisy = (metrics.foreignCpuCores ?? 0) > spec.noisyCores;
      if (!verdict.pass && noisy && attempt < 2) {
        spec.log(`    ${players}: failed (${verdict.why}) while other processes used ${metrics.foreignCpuCores} cores — measuring again`);
        continue;
      }
      const step = { players, pass: verdict.pass, why: verdict.why + (noisy ? ` (noisy: ${metrics.foreignCpuCores} foreign cores)` : ""), metrics };
      steps.push(step);
      spec.log(`    ${players}: ${step.pass ? "pass" : "FAIL"} — tick+patch p99 ${metrics.tickPatchP99Ms} ms, delivery ${metrics.delivery}, server ${metrics.serverCpuCores} cores, bots ${metrics.botsCpu}${step.pass ? "" : ` (${step.why})`}`);
      return step;
    }
  };
  try {
    servers = await startArm(spec.arm, spec);
    load = await startLoad(spec.arm, servers, spec.botCore, spec.seed);
    for (let players = roundToRooms(spec.start); ; ) {
      const step = await measure(players);
      if (step.pass) {
        lastPass = players;
        if (players >= spec.max) {
          limitedBy = "max";
          break;
        }
        players = Math.min(spec.max, roundToRooms(players * spec.factor));
        if (monoMs() > spec.deadline) {
          limitedBy = "time";
          break;
        }
        continue;
      }
      firstFail = players;
      if (capacityVerdict(step.metrics).botLimited) limitedBy = "bots";
      break;
    }
    for (let i = 0; i < spec.refine && limitedBy === "server" && firstFail !== null && lastPass !== null; i++) {
      const mid = roundToRooms((lastPass + firstFail) / 2);
      if (mid <= lastPass || mid >= firstFail || monoMs() > spec.deadline) break;
      const step = await measure(mid);
      if (step.pass) lastPass = mid;
      else firstFail = mid;
    }
    return { capacity: lastPass, limitedBy, firstFailure: firstFail, steps };
  } catch (err) {
    return { capacity: lastPass, limitedBy: "error", firstFailure: firstFail, steps, error: (err as Error).message.slice(0, 500) };
  } finally {
    await load?.stop();
    await servers?.stop();
  }
}
