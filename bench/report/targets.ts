/** The targets, checked against one run's results: each with the measured ratio and whether it holds. */
import { CAPACITY_RULES } from "../metrics.js";
import type { BenchResults } from "./results.js";

export interface TargetCheck {
  target: string;
  measured: string;
  holds: boolean | null;
}

const ECHO_BUDGET_MS = 1000 / 30 + 50 + 10;

export function checkTargets(r: BenchResults): TargetCheck[] {
  const out: TargetCheck[] = [];
  const arm = (name: keyof BenchResults["arms"]) => r.arms[name];
  const orb = arm("orb-arena");
  const sio = arm("socketio");
  const floor = arm("floor");
  const redis = arm("orb-arena-redis");
  const sizes = Object.keys(orb?.sizes ?? {}).sort((a, b) => Number(a) - Number(b));
  const each = (target: string, fn: (size: string) => { value: number | null; ok: (v: number) => boolean; fmt: (v: number) => string } | undefined) => {
    const parts: string[] = [];
    let holds: boolean | null = null;
    for (const size of sizes) {
      const res = fn(size);
      if (!res || res.value === null || !Number.isFinite(res.value)) continue;
      const ok = res.ok(res.value);
      holds = (holds ?? true) && ok;
      parts.push(`${size}: ${res.fmt(res.value)}${ok ? "" : " ✗"}`);
    }
    out.push({ target, measured: parts.join(" · ") || "not measured", holds });
  };
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? a / b : null);
  each("bytes/client/s ≥ 6× fewer than socketio", (s) => ({
    value: ratio(sio?.sizes[s]?.bytesDownPerClientPerSec, orb?.sizes[s]?.bytesDownPerClientPerSec),
    ok: (v) => v >= 6,
    fmt: (v) => `${v.toFixed(1)}× fewer`,
  }));
  each("bytes/client/s within 2.5× of floor", (s) => ({
    value: ratio(orb?.sizes[s]?.bytesDownPerClientPerSec, floor?.sizes[s]?.bytesDownPerClientPerSec),
    ok: (v) => v <= 2.5,
    fmt: (v) => `${v.toFixed(2)}× floor`,
  }));
  each("server CPU per client-tick no worse than socketio", (s) => ({
    value: ratio(orb?.sizes[s]?.serverCpuUsPerClientTick, sio?.sizes[s]?.serverCpuUsPerClientTick),
    ok: (v) => v <= 1,
    fmt: (v) => `${v.toFixed(2)}× socketio`,
  }));
  each(`input→echo p99 ≤ ${ECHO_BUDGET_MS.toFixed(0)} ms (step + patch + 10 ms)`, (s) => ({
    value: orb?.sizes[s]?.inputEchoP99Ms ?? null,
    ok: (v) => v <= ECHO_BUDGET_MS,
    fmt: (v) => `${v.toFixed(1)} ms`,
  }));
  each("Redis join p50 ≤ single-process + 2 ms", (s) => {
    const a = redis?.sizes[s]?.joinP50Ms;
    const b = orb?.sizes[s]?.joinP50Ms;
    return { value: a != null && b != null ? a - b : null, ok: (v) => v <= 2, fmt: (v) => `${v >= 0 ? "+" : ""}${v.toFixed(1)} ms` };
  });
  // Context, not part of the verdict: the same comparison with no load.
  const idle = r.joinIdle;
  const plus = (v: number | null, base: number | null) => (v === null || base === null ? "–" : `${v - base >= 0 ? "+" : ""}${(v - base).toFixed(1)} ms`);
  if (idle) out[out.length - 1]!.measured += ` (no load: ${plus(idle.redisLocal.p50Ms, idle.single.p50Ms)} room local, ${plus(idle.redisRemote.p50Ms, idle.single.p50Ms)} remote)`;
  const cap = (a: number | null | undefined, b: number | null | undefined, target: string, min: number) =>
    out.push({
      target,
      measured: a && b ? `${a} vs ${b} players (${(a / b).toFixed(2)}×)` : `not measured (${a ?? "–"} vs ${b ?? "–"})`,
      holds: a && b ? a / b >= min : null,
    });
  cap(orb?.capacity, sio?.capacity, `capacity ≥ 1.5× socketio (tick+patch p99 ≤ ${CAPACITY_RULES.tickPatchP99Ms} ms, delivery ≥ 99.9 %, update rate ≥ 95 %)`, 1.5);
  cap(redis?.capacity, orb?.capacity, "two processes on Redis ≥ 1.8× one process's capacity", 1.8);
  return out;
}
