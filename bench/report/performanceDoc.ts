/**
 * docs/performance.md's figures, written from the benchmark's JSON (`npm run bench:report`), never
 * copied by hand. The document marks each generated section with the kind and the results file it is
 * written from:
 *
 *   <!-- bench:begin overview bench/results/reference.json -->  …  <!-- bench:end -->
 *   <!-- bench:begin tunings bench/results/reference.json -->   …  <!-- bench:end -->
 *
 * Everything between a begin and its end is replaced; everything else is left as written.
 * `overview`: every arm at the largest size, CPU per client-tick by size, capacities, targets.
 * `tunings`: stock Colyseus (colyseus-stock) against the product (orb-arena), and each performance
 * tuning switched off alone against all on, with whether the difference is beyond the rounds' spread.
 * `headline`: one sentence of stock against tuned (capacity, CPU per client-tick, echo), for the README.
 * `replays`: the size of one recorded round (`npm run bench:replay`, bench/results/replay.json).
 * `scaling`: docs/scaling.md's sizing: one process's capacity, its CPU and memory, two processes on Redis,
 * and the players to plan per process (four fifths of the capacity, rounded down to a hundred).
 */
import { median } from "../lib/stats.js";
import type { JoinFigures } from "../joinIdle.js";
import type { RunMetrics } from "../metrics.js";
import { armSpec, NO_REPLAYS_ARM, tunedArmOf, TUNING_ARMS, type Arm, type PerformanceTuning, type TuningArm } from "../load/factory.js";
import type { BenchResults, SizeField } from "./results.js";
import type { TargetCheck } from "./targets.js";

export type SectionKind = "overview" | "tunings" | "headline" | "replays" | "recording" | "joins" | "scaling";
const KINDS: readonly string[] = ["overview", "tunings", "headline", "replays", "recording", "joins", "scaling"];
export type ResultsFile = BenchResults & { targets?: TargetCheck[] };

const BEGIN = /<!-- bench:begin (\S+) (\S+) -->/;
const END = "<!-- bench:end -->";

/** The sections a document asks for: kind and source file, in order. */
export function sectionsOf(doc: string): Array<{ kind: string; source: string }> {
  return [...doc.matchAll(new RegExp(BEGIN.source, "g"))].map((m) => ({ kind: m[1]!, source: m[2]! }));
}

/** Replaces the body of every marked section with `render(kind, source)`; throws on an unclosed or unknown section. */
export function rewriteSections(doc: string, render: (kind: SectionKind, source: string) => string): string {
  const out: string[] = [];
  let rest = doc;
  for (;;) {
    const m = BEGIN.exec(rest);
    if (!m) break;
    const headEnd = m.index + m[0].length;
    const end = rest.indexOf(END, headEnd);
    if (end < 0) throw new Error(`"${m[0]}" has no ${END}`);
    const kind = m[1]!;
    if (!KINDS.includes(kind)) throw new Error(`unknown bench section "${kind}" (${KINDS.join(", ")})`);
    out.push(rest.slice(0, headEnd), "\n", render(kind as SectionKind, m[2]!).trim(), "\n");
    rest = rest.slice(end);
  }
  out.push(rest);
  return out.join("");
}

// ---------------------------------------------------------------------------------------------
// Formatting

const num = (v: number | null | undefined, digits = 0): string =>
  v === null || v === undefined || !Number.isFinite(v) ? "–" : v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? "–" : `${num(v, digits)} ms`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${num(v * 100, 1)} %`);
const sortedSizes = (r: BenchResults, arms: Arm[]) =>
  [...new Set(arms.flatMap((a) => Object.keys(r.arms[a]?.sizes ?? {})))].sort((a, b) => Number(a) - Number(b));

export function runLine(r: BenchResults, source: string): string {
  const o = r.options;
  const rounds = o?.rounds ?? 1;
  const windowS = o?.windowMs ? o.windowMs / 1000 : undefined;
  const when = r.date ? r.date.slice(0, 16).replace("T", " ") + " UTC" : "undated";
  return (
    `From \`${source}\`: a ${r.mode} run of ${when} (${rounds} round${rounds === 1 ? "" : "s"}` +
    `${windowS ? `, ${windowS} s windows` : ""}; medians over rounds), ${r.machine?.cores ?? "?"} cores ${r.machine?.cpuModel ?? ""}, ` +
    `${r.machine?.memoryGiB ?? "?"} GiB, Node ${r.node}, ${r.machine?.pinned ?? ""}.`
  );
}

type Sized = Partial<Record<SizeField, number | null>>;
const at = (r: BenchResults, arm: Arm, size: string): Sized | undefined => r.arms[arm]?.sizes[size] as Sized | undefined;

function capacityText(r: BenchResults, arm: Arm): string {
  const a = r.arms[arm];
  if (!a || (!a.capacityDetail && a.capacity === null)) return "not searched";
  const d = a.capacityDetail;
  const cap = a.capacity === null ? "none" : num(a.capacity);
  if (!d) return cap;
  if (d.limitedBy === "server") return `${cap}${d.firstFailure ? ` (failed ${num(d.firstFailure)})` : ""}`;
  if (d.limitedBy === "bots") return `≥ ${cap} (the bots' core ran out)`;
  if (d.limitedBy === "max") return `≥ ${cap} (the search's maximum)`;
  return `${cap} (search stopped: ${d.limitedBy})`;
}

// ---------------------------------------------------------------------------------------------
// overview

export function renderOverview(r: ResultsFile, source: string): string {
  const arms = (Object.keys(r.arms) as Arm[]).filter((a) => !a.startsWith("off:"));
  const sizes = sortedSizes(r, arms);
  const big = sizes[sizes.length - 1];
  const lines = [runLine(r, source), ""];
  if (big) {
    const rows: Array<[string, (s: Sized, arm: Arm) => string]> = [
      ["bytes down / up per client per s", (s) => `${num(s.bytesDownPerClientPerSec)} / ${num(s.bytesUpPerClientPerSec)}`],
      ["server CPU µs per client-tick", (s) => num(s.serverCpuUsPerClientTick, 1)],
      ["server CPU (cores) · ELU", (s, arm) => `${num(s.serverCpuCores, 2)} · ${num(s.elu, 2)}${armSpec(arm).redis ? " (2 processes)" : ""}`],
      ["tick+patch p99 · event-loop delay p99", (s) => `${ms(s.tickPatchP99Ms)} · ${ms(s.eventLoopDelayP99Ms)}`],
      ["update rate · delivery", (s) => `${pct(s.updateRate)} · ${s.delivery == null ? "–" : `${num(s.delivery * 100, 2)} %`}`],
      ["RSS · heap after GC", (s) => `${num(s.rssMb)} MB · ${num(s.heapAfterGcMb)} MB`],
      ["GC pauses per second · longest pause", (s) => `${ms(s.gcMsPerSec)} · ${ms(s.gcMaxMs)}`],
      ["input → echo p50 / p99", (s) => `${num(s.inputEchoP50Ms)} / ${num(s.inputEchoP99Ms)} ms`],
      ["chat ack p50 / p99", (s) => `${num(s.chatAckP50Ms, 1)} / ${num(s.chatAckP99Ms, 1)} ms`],
      ["join p50 / p99 (matchmaking p50)", (s) => `${num(s.joinP50Ms, 1)} / ${num(s.joinP99Ms)} ms${s.joinMatchmakeP50Ms == null ? "" : ` (${num(s.joinMatchmakeP50Ms, 1)})`}`],
    ];
    lines.push(`| ${big} players in rooms of 16 | ${arms.join(" | ")} |`, `| --- |${arms.map(() => " --- |").join("")}`);
    for (const [label, cell] of rows) lines.push(`| ${label} | ${arms.map((a) => { const s = at(r, a, big); return s ? cell(s, a) : "–"; }).join(" | ")} |`);
    lines.push(`| capacity (players per process) | ${arms.map((a) => capacityText(r, a)).join(" | ")} |`, "");
  }
  if (sizes.length > 1) {
    lines.push(`| server CPU µs per client-tick | ${arms.join(" | ")} |`, `| --- |${arms.map(() => " --- |").join("")}`);
    for (const size of sizes) lines.push(`| ${size} players | ${arms.map((a) => num(at(r, a, size)?.serverCpuUsPerClientTick, 1)).join(" | ")} |`);
    lines.push("");
  }
  if (r.joinIdle) {
    const j = r.joinIdle;
    lines.push(
      `Join latency with no load (p50 / p99): one process ${ms(j.single.p50Ms)} / ${ms(j.single.p99Ms)}; two on Redis with the room on the answering process ` +
        `${ms(j.redisLocal.p50Ms)} / ${ms(j.redisLocal.p99Ms)}, on the other one ${ms(j.redisRemote.p50Ms)} / ${ms(j.redisRemote.p99Ms)}.`,
      "",
    );
  }
  if (r.targets?.length) {
    lines.push("Targets:", "");
    for (const t of r.targets) lines.push(`- **${t.holds === null ? "not measured" : t.holds ? "holds" : "does not hold"}**: ${t.target} — ${t.measured}`);
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// tunings

/** Which figure each performance tuning is there to buy (its rent), lower is better unless noted. */
export const TUNING_TARGETS: Record<PerformanceTuning, { what: string; fields: SizeField[] }> = {
  steadyTimestep: { what: "capacity, via tick+patch p99 and update rate", fields: ["tickPatchP99Ms", "updateRate", "serverCpuUsPerClientTick"] },
  patchAfterStep: { what: "input → echo latency", fields: ["inputEchoP50Ms", "inputEchoP99Ms", "serverCpuUsPerClientTick"] },
  inputDecoder: { what: "CPU per client-tick and GC", fields: ["serverCpuUsPerClientTick", "gcMsPerSec", "tickPatchP99Ms"] },
  listingMirror: { what: "join time on Redis", fields: ["joinP50Ms", "joinMatchmakeP50Ms", "redisCpuCores"] },
};

const HIGHER_IS_BETTER = new Set<SizeField>(["updateRate", "delivery"]);

const LABELS: Partial<Record<SizeField, [string, (v: number | null | undefined) => string]>> = {
  serverCpuUsPerClientTick: ["CPU µs/client-tick", (v) => num(v, 1)],
  tickPatchP99Ms: ["tick+patch p99", (v) => ms(v)],
  updateRate: ["update rate", (v) => pct(v)],
  inputEchoP50Ms: ["echo p50", (v) => ms(v)],
  inputEchoP99Ms: ["echo p99", (v) => ms(v)],
  gcMsPerSec: ["GC ms/s", (v) => num(v, 1)],
  eventLoopDelayP99Ms: ["event-loop delay p99", (v) => ms(v)],
  joinP50Ms: ["join p50", (v) => ms(v)],
  joinMatchmakeP50Ms: ["matchmaking p50", (v) => ms(v)],
  joinRemoteP50Ms: ["join p50, room on the other process", (v) => ms(v)],
  redisCpuCores: ["redis-server CPU (cores)", (v) => num(v, 3)],
  bytesDownPerClientPerSec: ["bytes down/client/s", (v) => num(v)],
};

/** The values of one figure in each round (for the spread). */
function roundValues(r: BenchResults, arm: Arm, size: string, field: SizeField): number[] {
  const runs = (r.arms[arm]?.sizes[size]?.runs ?? []) as RunMetrics[];
  return runs.map((m) => m[field as keyof RunMetrics] as number | null).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
}

export interface Comparison {
  field: SizeField;
  size: string;
  base: number | null;
  other: number | null;
  /** other / base − 1 (null when either is missing or base is 0). */
  change: number | null;
  /** True when every round of `other` is worse than every round of `base` (the difference is beyond the rounds' spread), false when the rounds overlap, null with one round. */
  baseBetterBeyondNoise: boolean | null;
  /** The same the other way round: `other` better than `base` in every round. */
  otherBetterBeyondNoise: boolean | null;
}

/** `other` (a tuning off, or stock) against `base` (all on) for one figure at one size. */
export function compare(r: BenchResults, base: Arm, other: Arm, size: string, field: SizeField): Comparison {
  const b = (at(r, base, size)?.[field] ?? null) as number | null;
  const o = (at(r, other, size)?.[field] ?? null) as number | null;
  const bs = roundValues(r, base, size, field);
  const os = roundValues(r, other, size, field);
  const higher = HIGHER_IS_BETTER.has(field);
  const better = (x: number[], y: number[]) => (higher ? Math.min(...x) > Math.max(...y) : Math.max(...x) < Math.min(...y));
  const spread = bs.length >= 2 && os.length >= 2;
  return {
    field,
    size,
    base: b,
    other: o,
    change: b !== null && o !== null && b !== 0 ? o / b - 1 : null,
    baseBetterBeyondNoise: spread ? better(bs, os) : null,
    otherBetterBeyondNoise: spread ? better(os, bs) : null,
  };
}

function changeText(c: Comparison): string {
  if (c.change === null) return "–";
  const sign = c.change >= 0 ? "+" : "−";
  return `${sign}${num(Math.abs(c.change) * 100, 0)} %`;
}

function noiseText(c: Comparison, rounds: number): string {
  if (c.baseBetterBeyondNoise === null) return rounds < 2 ? "one round: no spread" : "–";
  if (c.baseBetterBeyondNoise) return "worse off, beyond noise";
  if (c.otherBetterBeyondNoise) return "better off, beyond noise";
  return "within noise";
}

export function renderTunings(r: ResultsFile, source: string): string {
  const lines = [runLine(r, source), ""];
  const rounds = r.options?.rounds ?? 1;
  const fmt = (field: SizeField, v: number | null) => (LABELS[field]?.[1] ?? ((x) => num(x, 2)))(v);
  const label = (field: SizeField) => LABELS[field]?.[0] ?? field;
  // Stock against tuned.
  if (r.arms["orb-arena"] && r.arms["colyseus-stock"]) {
    const sizes = sortedSizes(r, ["orb-arena", "colyseus-stock"]);
    const fields: SizeField[] = ["serverCpuUsPerClientTick", "tickPatchP99Ms", "updateRate", "gcMsPerSec", "inputEchoP50Ms", "inputEchoP99Ms", "joinP50Ms", "bytesDownPerClientPerSec"];
    lines.push("| stock Colyseus against the product | players | orb-arena (tuned) | colyseus-stock | stock vs tuned | rounds' spread |", "| --- | --- | --- | --- | --- | --- |");
    for (const field of fields) {
      for (const size of sizes) {
        const c = compare(r, "orb-arena", "colyseus-stock", size, field);
        if (c.base === null && c.other === null) continue;
        lines.push(`| ${label(field)} | ${size} | ${fmt(field, c.base)} | ${fmt(field, c.other)} | ${changeText(c)} | ${noiseText(c, rounds).replace("off", "stock")} |`);
      }
    }
    const a = r.arms["orb-arena"]!.capacity;
    const s = r.arms["colyseus-stock"]!.capacity;
    lines.push(
      `| capacity (players per process) | – | ${capacityText(r, "orb-arena")} | ${capacityText(r, "colyseus-stock")} | ${a && s ? `${num(a / s, 2)}× tuned/stock` : "–"} | one search each |`,
      "",
    );
  } else lines.push("Stock against tuned: not measured in this run (needs the orb-arena and colyseus-stock arms).", "");
  // Each tuning off alone.
  const present = TUNING_ARMS.filter((a) => r.arms[a]);
  if (present.length === 0) {
    lines.push("Each tuning alone: not measured in this run (`npm run bench -- --tunings`).");
    return lines.join("\n");
  }
  lines.push("| tuning switched off (what it should buy) | players | figure | all on | this one off | off vs on | rounds' spread |", "| --- | --- | --- | --- | --- | --- | --- |");
  for (const arm of present) {
    const tuning = arm.slice(4) as PerformanceTuning;
    const base = tunedArmOf(arm as TuningArm);
    if (!r.arms[base]) {
      lines.push(`| \`${tuning}\` (${TUNING_TARGETS[tuning].what}) | – | – | ${base} not in this run | – | – | – |`);
      continue;
    }
    for (const size of sortedSizes(r, [arm])) {
      for (const field of TUNING_TARGETS[tuning].fields) {
        const c = compare(r, base, arm, size, field);
        if (c.base === null && c.other === null) continue;
        lines.push(`| \`${tuning}\` (${TUNING_TARGETS[tuning].what}) | ${size} | ${label(field)} | ${fmt(field, c.base)} | ${fmt(field, c.other)} | ${changeText(c)} | ${noiseText(c, rounds)} |`);
      }
    }
    const offArm = r.arms[arm]!;
    if (offArm.capacityDetail || offArm.capacity !== null) {
      const a = r.arms[base]!.capacity;
      const o = offArm.capacity;
      lines.push(
        `| \`${tuning}\` (${TUNING_TARGETS[tuning].what}) | – | capacity (players per process) | ${capacityText(r, base)} | ${capacityText(r, arm)} | ${a && o ? changeText({ change: o / a - 1 } as Comparison) : "–"} | one search each |`,
      );
    }
  }
  if (r.arms[NO_REPLAYS_ARM] && r.arms["orb-arena"]) {
    for (const size of sortedSizes(r, [NO_REPLAYS_ARM])) {
      for (const field of ["serverCpuUsPerClientTick", "tickPatchP99Ms"] as const) {
        const c = compare(r, "orb-arena", NO_REPLAYS_ARM, size, field);
        if (c.base === null && c.other === null) continue;
        lines.push(`| round recording (\`REPLAYS=off\`; target: recording costs ≤ 5 % CPU) | ${size} | ${label(field)} | ${fmt(field, c.base)} | ${fmt(field, c.other)} | ${changeText(c)} | ${noiseText(c, rounds)} |`);
      }
    }
  }
  const recording = recordingOverhead(r);
  if (recording) lines.push("", recording);
  lines.push("", `All on: orb-arena (orb-arena-redis for the Redis tunings), in the same run. "Beyond noise" means every round of one arm was better than every round of the other.`);
  return lines.join("\n");
}

/** What recording every round costs: CPU per client-tick of the product against the same run's `REPLAYS=off` arm. */
export function recordingOverhead(r: BenchResults): string | null {
  if (!r.arms[NO_REPLAYS_ARM] || !r.arms["orb-arena"]) return null;
  const sizes = sortedSizes(r, ["orb-arena", NO_REPLAYS_ARM]);
  const size = sizes[sizes.length - 1];
  if (!size) return null;
  const c = compare(r, "orb-arena", NO_REPLAYS_ARM, size, "serverCpuUsPerClientTick");
  if (c.base === null || c.other === null || c.other === 0) return null;
  const cost = c.base / c.other - 1;
  const sign = cost >= 0 ? "+" : "−";
  const spread = c.otherBetterBeyondNoise ? "beyond the rounds' spread" : c.baseBetterBeyondNoise === null ? "one round, no spread" : "within the rounds' spread";
  return `Recording every round costs **${sign}${num(Math.abs(cost) * 100, 1)} %** CPU per client-tick at ${size} players (${num(c.base, 1)} µs recording, ${num(c.other, 1)} µs with \`REPLAYS=off\`; ${spread}; target ≤ 5 %).`;
}

/** One sentence for the README: what the tunings buy against stock Colyseus, from the same run. */
export function renderHeadline(r: ResultsFile, source: string): string {
  const tuned = r.arms["orb-arena"];
  const stock = r.arms["colyseus-stock"];
  if (!tuned || !stock) return `Stock Colyseus against the tuned platform: not measured in \`${source}\`.`;
  const sizes = sortedSizes(r, ["orb-arena", "colyseus-stock"]);
  const size = sizes[sizes.length - 1];
  const parts: string[] = [];
  const found = (a: typeof tuned) => a.capacity !== null && (a.capacityDetail === undefined || a.capacityDetail.limitedBy === "server");
  if (found(tuned) && found(stock)) parts.push(`capacity **${num(tuned.capacity!)} vs ${num(stock.capacity!)}** players per process (${num(tuned.capacity! / stock.capacity!, 2)}×)`);
  else if (tuned.capacityDetail || stock.capacityDetail) parts.push("capacity not found in this run (its searches stopped before a failure)");
  if (size) {
    const cpu = compare(r, "orb-arena", "colyseus-stock", size, "serverCpuUsPerClientTick");
    if (cpu.base !== null && cpu.other !== null) parts.push(`server CPU per client-tick **${num(cpu.base, 1)} vs ${num(cpu.other, 1)} µs** at ${size} players`);
    const echo = compare(r, "orb-arena", "colyseus-stock", size, "inputEchoP50Ms");
    if (echo.base !== null && echo.other !== null) parts.push(`input → echo p50 ${num(echo.base)} vs ${num(echo.other)} ms`);
  }
  const when = r.date ? r.date.slice(0, 10) : "undated";
  return `Against stock Colyseus 0.18 (the same arena room with the platform's Colyseus tunings off), in one ${r.mode} run of ${when} on 2 cores: ${parts.join(", ") || "no figures"} (tuned vs stock; \`${source}\`).`;
}

/** What `npm run bench:joins` writes: per arm, each round's join p50 with the room local and remote. */
export interface JoinTuningsResult {
  date: string;
  node: string;
  rounds: number;
  joinsPerRound: number;
  /** Per arm, each round's figures for joins whose room was local and remote. */
  arms: Record<string, Array<{ local: JoinFigures; remote: JoinFigures }>>;
}

/** The Redis tunings against all on, join by join with no load: median of the rounds' p50s and whether every round differs. */
export function renderJoins(r: JoinTuningsResult, source: string): string {
  const base = r.arms["orb-arena-redis"];
  if (!base) return `Joins on Redis: not measured in \`${source}\`.`;
  const p50s = (runs: JoinTuningsResult["arms"][string], place: "local" | "remote") =>
    runs.map((x) => x[place].p50Ms).filter((v): v is number => typeof v === "number");
  const lines = [
    `From \`${source}\` (\`npm run bench:joins\`, ${r.date.slice(0, 16).replace("T", " ")} UTC, Node ${r.node}): two processes on one redis-server with no other load, ${num(r.joinsPerRound)} quick-play joins per arm and round, ${r.rounds} rounds, arms rotated; median of the rounds' p50s.`,
    "",
    "| arm | join p50, room on the answering process | join p50, room on the other process | remote: off vs on | rounds' spread |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const [arm, runs] of Object.entries(r.arms)) {
    const local = median(p50s(runs, "local"));
    const remote = median(p50s(runs, "remote"));
    let change = "–";
    let spread = "–";
    if (arm !== "orb-arena-redis") {
      const b = p50s(base, "remote");
      const o = p50s(runs, "remote");
      const bm = median(b);
      change = changeText({ change: remote / bm - 1 } as Comparison);
      spread = Math.max(...b) < Math.min(...o) ? "worse off, beyond noise" : Math.max(...o) < Math.min(...b) ? "better off, beyond noise" : "within noise";
    }
    const removed = arm !== "orb-arena-redis" && !TUNING_ARMS.includes(arm as TuningArm) ? " (since removed: decision 0007)" : "";
    lines.push(`| ${arm === "orb-arena-redis" ? "all on (orb-arena-redis)" : `\`${arm.slice(4)}\` off${removed}`} | ${ms(local)} | ${ms(remote)} | ${change} | ${spread} |`);
  }
  return lines.join("\n");
}

/** What `npm run bench:replay` writes. */
export interface ReplaySizeResult {
  date: string;
  players: number;
  humans: number;
  seconds: number;
  steps: number;
  bytes: number;
  bytesPerMinute: number;
  verifyMs: number;
  hashesCompared: number;
}

/** One sentence: the size of a recorded round and how long its verification took. */
export function renderReplays(r: ReplaySizeResult, source: string): string {
  return (
    `A round of ${r.players} players (${r.humans} SDK bots steering and dashing, the rest server bots) lasting ${num(r.seconds)} s ` +
    `is a **${num(r.bytes / 1024, 1)} KiB** replay (${num(r.bytesPerMinute / 1024, 1)} KiB per minute; target ≤ 64 KB for 16 players and 2 minutes); ` +
    `\`npm run replay -- verify\` re-simulated its ${num(r.steps)} steps and compared ${r.hashesCompared} hashes in ${num(r.verifyMs)} ms ` +
    `(\`${source}\`, ${r.date.slice(0, 10)}).`
  );
}

/** Players to plan per process: four fifths of one process's measured capacity, rounded down to a hundred. */
export function plannedPerProcess(capacity: number): number {
  return Math.max(100, Math.floor((capacity * 0.8) / 100) * 100);
}

/** docs/scaling.md's sizing paragraph and table, from one run. */
export function renderScaling(r: ResultsFile, source: string): string {
  const one = r.arms["orb-arena"];
  if (!one?.capacity) return `One process's capacity: not measured in \`${source}\` (run \`npm run bench -- --full --keep-as reference\`).`;
  const sizes = sortedSizes(r, ["orb-arena"]);
  const size = sizes[sizes.length - 1];
  const at400 = size ? at(r, "orb-arena", size) : undefined;
  const redis = r.arms["orb-arena-redis"];
  const plan = plannedPerProcess(one.capacity);
  const redisText =
    redis?.capacity && redis.capacityDetail
      ? redis.capacityDetail.limitedBy === "max"
        ? ` Two processes on one Redis carried the search's maximum, ${num(redis.capacity)} players (${num(redis.capacity / one.capacity, 2)}× one process, at least).`
        : ` Two processes on one Redis carried ${num(redis.capacity)} players (${num(redis.capacity / one.capacity, 2)}× one process).`
      : "";
  return [
    `From \`${source}\` (a ${r.mode} run of ${r.date.slice(0, 10)}, ${r.machine?.cores ?? "?"} cores ${r.machine?.cpuModel ?? ""}, rooms of 16): one process holds ` +
      `**${num(one.capacity)} players** with tick+patch p99 ≤ 25 ms on **one core** (Node runs the game on one thread, so a process never uses much ` +
      `more than one core)${at400 ? `; at ${size} players it used ${num(at400.serverCpuCores, 2)} cores (${num(at400.serverCpuUsPerClientTick, 1)} µs of CPU per client-tick) and ${num(at400.rssMb)} MB RSS` : ""}.` +
      redisText +
      ` Plan on **~${num(plan)} players per process**: a fifth of the capacity stays free for rooms that are not evenly filled and for a process that takes over the players of one being replaced.`,
    "",
    "| players online | processes (pods) | cores | Redis |",
    "| --- | --- | --- | --- |",
    `| up to ~${num(plan)} | 1 (no Redis needed) | 1 | none |`,
    `| ~${num(plan)} to ~${num(plan * 3)} | 2–3 | 2–3 | one \`redis-server\`, or Sentinel for no single point of failure |`,
    `| more | one per ~${num(plan)} players | one per process | Sentinel (3 sentinels, a master and 2 replicas) |`,
  ].join("\n");
}

export function renderSection(kind: SectionKind, results: ResultsFile, source: string): string {
  if (kind === "scaling") return renderScaling(results, source);
  if (kind === "replays") return renderReplays(results as unknown as ReplaySizeResult, source);
  if (kind === "overview") return renderOverview(results, source);
  if (kind === "headline") return renderHeadline(results, source);
  if (kind === "joins") return renderJoins(results as unknown as JoinTuningsResult, source);
  if (kind === "recording") return recordingOverhead(results) ?? `What recording costs: not measured in \`${source}\` (needs the orb-arena and no-replays arms).`;
  return renderTunings(results, source);
}
