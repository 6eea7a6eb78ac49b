/**
 * Command-line options of `npm run bench`:
 *   --quick            two sizes, one round, short windows, coarse capacity search (< 4 min)
 *   --full             four sizes, three rounds, longer windows, refined capacity search
 *   --sizes 50,100     players per arm (rooms of 16)       --arms orb-arena,colyseus-stock,off:inputDecoder
 *   --tunings          the tunings mode: orb-arena, colyseus-stock and every off:<tuning> arm (each
 *                      performance tuning off alone; the Redis ones beside orb-arena-redis); capacity
 *                      only for orb-arena and colyseus-stock; and no-replays (round recording
 *                      off: what recording costs)
 *   --capacity-arms A,B  which arms get a capacity search (default: every selected arm but off:*)
 *   --rounds N         repetitions (arms interleaved; medians reported)
 *   --window S         measurement window, seconds          --warmup S
 *   --no-capacity      skip the capacity search             --capacity-only (skip the sized runs)
 *   --capacity-max N   stop the capacity ramp there
 *   --probes N         latency probes per run               --seed N
 *   --profile          also write a CPU profile of each server's window (bench/results/profiles)
 *   --out DIR          where results go (default bench/results)
 *   --keep-as NAME     also write the results as DIR/NAME.json and .svg (e.g. reference, tunings: files kept in git)
 */
import { parseArgs } from "node:util";
import { ARMS, isArm, NO_REPLAYS_ARM, TUNING_ARMS, type Arm } from "./load/factory.js";

export interface BenchOptions {
  mode: "quick" | "standard" | "full";
  sizes: number[];
  arms: Arm[];
  /** Arms whose capacity is searched (a subset of `arms`). */
  capacityArms: Arm[];
  /** The tunings mode (--tunings). */
  tunings: boolean;
  rounds: number;
  windowMs: number;
  /** Join latency is measured in a window of its own after the main one. */
  joinWindowMs: number;
  warmupMs: number;
  probes: number;
  seed: number;
  capacity: boolean;
  /** Skip the sized runs (capacity search only). */
  capacityOnly: boolean;
  capacityMax: number;
  capacityWindowMs: number;
  capacitySettleMs: number;
  capacityFactor: number;
  /** Bisection steps after the ramp brackets the capacity. */
  capacityRefine: number;
  profile: boolean;
  outDir: string;
  /** Also written as <outDir>/<keepAs>.json / .svg. */
  keepAs?: string;
  /** Longest wait for the machine to become quiet before a run, ms. */
  quietWaitMs: number;
  /** Total time all such waits may take in this invocation, ms. */
  quietBudgetMs: number;
}

const PRESETS = {
  quick: { sizes: [50, 200], rounds: 1, window: 2.5, joinWindow: 1.5, warmup: 1, capacityWindow: 2, settle: 0.5, factor: 1.6, refine: 0, quietWait: 5, quietBudget: 15 },
  standard: { sizes: [50, 100, 200, 400], rounds: 1, window: 6, joinWindow: 4, warmup: 2, capacityWindow: 3, settle: 1, factor: 1.35, refine: 1, quietWait: 60, quietBudget: 600 },
  full: { sizes: [50, 100, 200, 400], rounds: 3, window: 10, joinWindow: 6, warmup: 3, capacityWindow: 5, settle: 1.5, factor: 1.25, refine: 2, quietWait: 120, quietBudget: 1800 },
} as const;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      full: { type: "boolean", default: false },
      sizes: { type: "string" },
      arms: { type: "string" },
      tunings: { type: "boolean", default: false },
      "capacity-arms": { type: "string" },
      rounds: { type: "string" },
      window: { type: "string" },
      warmup: { type: "string" },
      probes: { type: "string", default: "6" },
      seed: { type: "string", default: "20261125" },
      "no-capacity": { type: "boolean", default: false },
      "capacity-only": { type: "boolean", default: false },
      "capacity-max": { type: "string", default: "4000" },
      profile: { type: "boolean", default: false },
      out: { type: "string", default: "bench/results" },
      "keep-as": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(`usage: npm run bench -- [--quick | --full] [--sizes 50,100,200,400] [--arms ${ARMS.join(",")},off:<tuning>] [--tunings] [--capacity-arms A,B]`);
    console.log(`       tuning arms: ${TUNING_ARMS.join(", ")}`);
    console.log("       [--rounds N] [--window S] [--warmup S] [--probes N] [--seed N] [--no-capacity | --capacity-only] [--capacity-max N] [--profile] [--out DIR]");
    process.exit(0);
  }
  const mode = values.full ? "full" : values.quick ? "quick" : "standard";
  const preset = PRESETS[mode];
  const list = (raw: string | undefined) => raw?.split(",").map((s) => s.trim()).filter(Boolean);
  const tuningsMode = values.tunings;
  const defaultArms: Arm[] = tuningsMode ? ["orb-arena", "colyseus-stock", ...TUNING_ARMS, NO_REPLAYS_ARM] : [...ARMS];
  const arms = (list(values.arms) ?? defaultArms) as Arm[];
  // The Redis tunings are compared with the Redis arm: bring it along.
  if (arms.some((a) => a === "off:listingMirror") && !arms.includes("orb-arena-redis")) arms.push("orb-arena-redis");
  for (const arm of arms) if (!isArm(arm)) fail(`unknown arm "${arm}" (arms: ${[...ARMS, ...TUNING_ARMS, NO_REPLAYS_ARM].join(", ")})`);
  const capacityArms = (list(values["capacity-arms"]) ?? arms.filter((a) => !a.startsWith("off:") && a !== NO_REPLAYS_ARM && (!tuningsMode || a === "orb-arena" || a === "colyseus-stock"))) as Arm[];
  for (const arm of capacityArms) if (!arms.includes(arm)) fail(`--capacity-arms: "${arm}" is not among the arms run (${arms.join(", ")})`);
  const sizes = (list(values.sizes)?.map(Number) ?? [...preset.sizes]).filter((n) => Number.isInteger(n) && n > 0);
  if (sizes.length === 0) fail("--sizes needs positive integers");
  return {
    mode,
    sizes,
    arms,
    capacityArms,
    tunings: tuningsMode,
    rounds: positive(values.rounds, preset.rounds),
    windowMs: seconds(values.window, preset.window),
    joinWindowMs: preset.joinWindow * 1000,
    warmupMs: seconds(values.warmup, preset.warmup),
    probes: positive(values.probes, 6),
    seed: positive(values.seed, 20261125),
    capacity: !values["no-capacity"],
    capacityOnly: values["capacity-only"],
    capacityMax: positive(values["capacity-max"], 4000),
    capacityWindowMs: preset.capacityWindow * 1000,
    capacitySettleMs: preset.settle * 1000,
    capacityFactor: preset.factor,
    capacityRefine: preset.refine,
    profile: values.profile,
    outDir: values.out,
    keepAs: values["keep-as"] && /^[a-z][a-z0-9-]*$/.test(values["keep-as"]) ? values["keep-as"] : values["keep-as"] === undefined ? undefined : fail("--keep-as: a lowercase name (letters, digits, -)"),
    quietWaitMs: preset.quietWait * 1000,
    quietBudgetMs: preset.quietBudget * 1000,
  };
}

function positive(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`expected a positive integer, got "${raw}"`);
  return n;
}

function seconds(raw: string | undefined, fallback: number): number {
  const n = raw === undefined ? fallback : Number(raw);
  if (!(n > 0)) fail(`expected seconds > 0, got "${raw}"`);
  return Math.round(n * 1000);
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
