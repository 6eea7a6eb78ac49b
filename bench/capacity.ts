/**
 * Capacity search for one arm: the largest player count whose window still meets the rules
 * (tick+patch p99 ≤ 25 ms, delivery ≥ 99.9 %, state update rate ≥ 95 % of the
 * server's own, bots < 80 % CPU). One server start, the load
 * ramped up in place (×factor per step, rooms of 16), then bisected between the last pass and
 * the first failure. A failing step measured while other work loaded the machine is re-measured.
 */
import { type ArmServers, startArm, type ServerLayout } from "./arms.js";
import { monoMs, sleep } from "./lib/clock.js";
import type { BenchProcess } from "./lib/proc.js";
import type { Arm } from "./load/factory.js";
import { CAPACITY_RULES, capacityVerdict, type RunMetrics } from "./metrics.js";
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
  /**
   * What stopped the search: the server failing a rule, the bots (over 80 % CPU while the server
   * still met the rules: the capacity is at least this), the configured maximum, time, or an error.
   */
  limitedBy: "server" | "bots" | "max" | "time" | "error";
  firstFailure: number | null;
  steps: CapacityStep[];
  error?: string;
}

export interface CapacitySpec extends ServerLayout {
  arm: Arm;
  start: number;
  /** A size already measured passing with the same layout (e.g. a sized run): the ramp starts above it. */
  knownPass?: number;
  /** Pause after changing the player count, before measuring. */
  settleMs: number;
  /** Re-measure even failures far past the rules before counting them (off in quick runs). */
  confirmGross: boolean;
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
/** Joins in flight while the load ramps (rooms still fill to 16: quick play picks the fullest open room). */
const JOIN_CONCURRENCY = 16;
const roundToRooms = (n: number) => Math.max(ROOM, Math.round(n / ROOM) * ROOM);

export async function findCapacity(spec: CapacitySpec): Promise<CapacityResult> {
  const steps: CapacityStep[] = [];
  let servers: ArmServers | undefined;
  let load: BenchProcess | undefined;
  let lastPass: number | null = null;
  let firstFail: number | null = null;
  let limitedBy: CapacityResult["limitedBy"] = "server";
  const measure = async (players: number): Promise<CapacityStep> => {
    await load!.request("setCount", { count: players, concurrency: JOIN_CONCURRENCY }, 300_000);
    for (let attempt = 0; ; attempt++) {
      await sleep(spec.settleMs);
      const metrics = await measureWindow(players, servers!, load!, undefined, spec.windowMs);
      const verdict = capacityVerdict(metrics);
      const noisy = (metrics.foreignCpuCores ?? 0) > spec.noisyCores;
      // A failure must repeat to count: the first window after a join burst can catch its aftermath
      // (GC). With `confirmGross` false, a failure far past the rules (×3) counts at once.
      const gross = verdict.botLimited || (metrics.tickPatchP99Ms ?? 0) > 3 * CAPACITY_RULES.tickPatchP99Ms || (metrics.delivery ?? 1) < 0.99;
      const confirm = attempt === 0 && (spec.confirmGross || !gross);
      if (!verdict.pass && (confirm || (noisy && attempt < 2))) {
        spec.log(`    ${players}: failed (${verdict.why})${noisy ? ` while other processes used ${metrics.foreignCpuCores} cores` : ""} — measuring again`);
        continue;
      }
      const step = { players, pass: verdict.pass, why: verdict.why + (noisy ? ` (noisy: ${metrics.foreignCpuCores} foreign cores)` : ""), metrics };
      steps.push(step);
      spec.log(`    ${players}: ${step.pass ? "pass" : "FAIL"} — tick+patch p99 ${metrics.tickPatchP99Ms} ms, delivery ${metrics.delivery}, update rate ${metrics.updateRate}, server ${metrics.serverCpuCores} cores, bots ${metrics.botsCpu}${step.pass ? "" : ` (${step.why})`}`);
      return step;
    }
  };
  try {
    servers = await startArm(spec.arm, spec);
    load = await startLoad(spec.arm, servers, spec.botCore, spec.seed);
    lastPass = spec.knownPass ?? null;
    // Ramp up from the start (or above a known pass) until a step fails; if the very first step
    // fails, ramp down until one passes.
    for (let players = roundToRooms(spec.knownPass ? spec.knownPass * spec.factor : spec.start); ; ) {
      const step = await measure(players);
      if (step.pass) {
        lastPass = Math.max(lastPass ?? 0, players);
        if (firstFail !== null) break;
        if (players >= spec.max) {
          limitedBy = "max";
          break;
        }
        players = Math.min(spec.max, roundToRooms(players * spec.factor));
      } else {
        firstFail = Math.min(firstFail ?? Number.POSITIVE_INFINITY, players);
        // "bots" only when the server itself still met the rules: then the bench, not the server, ran out.
        const verdict = capacityVerdict(step.metrics);
        if (verdict.botLimited && verdict.serverPass) limitedBy = "bots";
        if (lastPass !== null || limitedBy === "bots" || players <= ROOM) break;
        players = roundToRooms(players / spec.factor);
      }
      if (monoMs() > spec.deadline) {
        limitedBy = "time";
        break;
      }
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
