/**
 * The benchmark's report logic (pure functions; no timing is asserted): percentiles and medians,
 * the capacity verdict of one step, and the target checks on a results object.
 */
import { strict as assert } from "node:assert";
import { capacityVerdict, type RunMetrics } from "../bench/metrics.js";
import { median, percentile } from "../bench/lib/stats.js";
import type { BenchResults } from "../bench/report/results.js";
import { compare, plannedPerProcess, renderSection, rewriteSections, sectionsOf, type ResultsFile } from "../bench/report/performanceDoc.js";
import { checkTargets } from "../bench/report/targets.js";

type Sizes = Record<string, Partial<Record<string, number | null>>>;

function results(arms: Record<string, { capacity: number | null; sizes: Sizes }>, joinIdle?: BenchResults["joinIdle"]): BenchResults {
  return { date: "", mode: "full", machine: {} as BenchResults["machine"], node: "", options: {} as BenchResults["options"], arms: arms as unknown as BenchResults["arms"], notes: [], joinIdle };
}

function step(fields: Partial<RunMetrics>): RunMetrics {
  return { tickPatchP99Ms: 5, delivery: 1, botsCpu: 0.3, ...fields } as RunMetrics;
}

describe("benchmark report", () => {
  it("percentile is nearest-rank and median ignores missing values", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 99), 99);
    assert.equal(percentile(values, 100), 100);
    assert.ok(Number.isNaN(percentile([], 50)));
    assert.equal(median([3, Number.NaN, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it("a capacity step fails on the server's p99 or delivery, and is bot-limited at 80 % bot CPU", () => {
    assert.deepEqual(capacityVerdict(step({})), { pass: true, serverPass: true, botLimited: false, why: "ok" });
    const slow = capacityVerdict(step({ tickPatchP99Ms: 25.1 }));
    assert.equal(slow.pass, false);
    assert.equal(slow.serverPass, false);
    assert.match(slow.why, /tick\+patch p99 25.1 ms/);
    const lossy = capacityVerdict(step({ delivery: 0.998 }));
    assert.equal(lossy.serverPass, false);
    const bots = capacityVerdict(step({ botsCpu: 0.81 }));
    assert.deepEqual([bots.pass, bots.serverPass, bots.botLimited], [false, true, true]);
    assert.equal(capacityVerdict(step({ tickPatchP99Ms: null })).pass, false);
  });

  it("checks every target against the measured ratios, size by size", () => {
    const r = results(
      {
        "orb-arena": {
          capacity: 1100,
          sizes: {
            "50": { bytesDownPerClientPerSec: 2000, serverCpuUsPerClientTick: 40, inputEchoP99Ms: 80, joinP50Ms: 5 },
            "400": { bytesDownPerClientPerSec: 2100, serverCpuUsPerClientTick: 50, inputEchoP99Ms: 95, joinP50Ms: 6 },
          },
        },
        socketio: {
          capacity: 1000,
          sizes: { "50": { bytesDownPerClientPerSec: 78_000, serverCpuUsPerClientTick: 50 }, "400": { bytesDownPerClientPerSec: 79_000, serverCpuUsPerClientTick: 45 } },
        },
        floor: { capacity: 1500, sizes: { "50": { bytesDownPerClientPerSec: 1500 }, "400": { bytesDownPerClientPerSec: 1600 } } },
        "orb-arena-redis": { capacity: 2000, sizes: { "50": { joinP50Ms: 6.5 }, "400": { joinP50Ms: 8.5 } } },
      },
      { single: { p50Ms: 5, p99Ms: 9, samples: 100 }, redisLocal: { p50Ms: 5.4, p99Ms: 9, samples: 100 }, redisRemote: { p50Ms: 6.5, p99Ms: 12, samples: 100 } },
    );
    const targets = checkTargets(r);
    const get = (prefix: string) => {
      const found = targets.find((t) => t.target.startsWith(prefix));
      assert.ok(found, `no target starting with ${prefix}; have ${targets.map((t) => t.target).join(" | ")}`);
      return found;
    };
    assert.equal(get("bytes/client/s ≥ 6×").holds, true);
    assert.match(get("bytes/client/s ≥ 6×").measured, /50: 39\.0× fewer · 400: 37\.6× fewer/);
    assert.equal(get("bytes/client/s within 2.5×").holds, true);
    // 40/50 = 0.8× at 50 players holds; 50/45 = 1.11× at 400 does not, so the target does not hold.
    const cpu = get("server CPU");
    assert.equal(cpu.holds, false);
    assert.match(cpu.measured, /50: 0\.80× socketio · 400: 1\.11× socketio ✗/);
    assert.equal(get("input→echo").holds, false);
    const join = get("Redis join");
    assert.equal(join.holds, false); // +1.5 ms at 50, +2.5 ms at 400
    assert.match(join.measured, /50: \+1\.5 ms · 400: \+2\.5 ms ✗ \(no load: \+0\.4 ms room local, \+1\.5 ms remote\)/);
    const cap = get("capacity ≥ 1.5×");
    assert.equal(cap.holds, false);
    assert.match(cap.measured, /1100 vs 1000 players \(1\.10×\)/);
    const two = get("two processes");
    assert.equal(two.holds, true);
    assert.match(two.measured, /2000 vs 1100 players \(1\.82×\)/);
  });

  it("reports a target as not measured when an arm is missing", () => {
    const r = results({ "orb-arena": { capacity: 900, sizes: { "50": { bytesDownPerClientPerSec: 2000 } } } });
    const cap = checkTargets(r).find((t) => t.target.startsWith("capacity"));
    assert.equal(cap?.holds, null);
    assert.match(cap?.measured ?? "", /not measured/);
    const bytes = checkTargets(r).find((t) => t.target.startsWith("bytes/client/s ≥"));
    assert.equal(bytes?.measured, "not measured");
    assert.equal(bytes?.holds, null);
  });
});

/** A results file for the document generator: per arm and size, the median and each round's value. */
function runResults(arms: Record<string, { capacity?: number | null; sizes: Record<string, Record<string, number[]>> }>, rounds: number): ResultsFile {
  const out: Record<string, unknown> = {};
  for (const [arm, a] of Object.entries(arms)) {
    const sizes: Record<string, unknown> = {};
    for (const [size, fields] of Object.entries(a.sizes)) {
      const medians = Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, median(v)]));
      const runs = Array.from({ length: rounds }, (_, i) => Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, v[i]])));
      sizes[size] = { ...medians, rounds, runs };
    }
    out[arm] = { capacity: a.capacity ?? null, sizes };
  }
  return {
    date: "2026-11-30T22:30:00.000Z",
    mode: "quick",
    machine: { cpuModel: "Test CPU", cores: 2, memoryGiB: 8, kernel: "", pinned: "servers on core 0" },
    node: "v22.0.0",
    options: { rounds, windowMs: 2500 } as BenchResults["options"],
    arms: out as BenchResults["arms"],
    notes: [],
  };
}

describe("performance document generator", () => {
  const doc = [
    "# Performance",
    "Prose stays.",
    "<!-- bench:begin tunings bench/results/tunings.json -->",
    "old figures",
    "<!-- bench:end -->",
    "More prose.",
    "<!-- bench:begin overview bench/results/reference.json -->",
    "<!-- bench:end -->",
    "End.",
  ].join("\n");

  it("rewrites only what lies between each begin and end marker, from the file the marker names", () => {
    assert.deepEqual(sectionsOf(doc), [
      { kind: "tunings", source: "bench/results/tunings.json" },
      { kind: "overview", source: "bench/results/reference.json" },
    ]);
    const out = rewriteSections(doc, (kind, source) => `${kind} from ${source}`);
    assert.equal(
      out,
      [
        "# Performance",
        "Prose stays.",
        "<!-- bench:begin tunings bench/results/tunings.json -->",
        "tunings from bench/results/tunings.json",
        "<!-- bench:end -->",
        "More prose.",
        "<!-- bench:begin overview bench/results/reference.json -->",
        "overview from bench/results/reference.json",
        "<!-- bench:end -->",
        "End.",
      ].join("\n"),
    );
    // Idempotent: a second pass gives the same document.
    assert.equal(rewriteSections(out, (kind, source) => `${kind} from ${source}`), out);
    assert.throws(() => rewriteSections("<!-- bench:begin overview x.json -->\nno end", () => ""), /has no <!-- bench:end -->/);
    assert.throws(() => rewriteSections("<!-- bench:begin other x.json -->\n<!-- bench:end -->", () => ""), /unknown bench section "other"/);
  });

  it("writes the replay size sentence from bench:replay's JSON", () => {
    const line = renderSection("replays", { date: "2026-11-30T00:00:00Z", players: 16, humans: 8, seconds: 120, steps: 3600, bytes: 13604, bytesPerMinute: 6802, verifyMs: 138, hashesCompared: 121 } as unknown as ResultsFile, "bench/results/replay.json");
    assert.match(line, /16 players .* 120 s is a \*\*13\.3 KiB\*\* replay \(6\.6 KiB per minute/);
    assert.match(line, /3,600 steps and compared 121 hashes in 138 ms/);
  });

  it("writes docs/scaling.md's sizing from one process's capacity: four fifths of it planned per process", () => {
    assert.equal(plannedPerProcess(1904), 1500);
    assert.equal(plannedPerProcess(2380), 1900);
    assert.equal(plannedPerProcess(90), 100);
    const text = renderSection("scaling", { date: "2026-12-01T00:00:00Z", mode: "full", machine: { cores: 2, cpuModel: "X" }, arms: { "orb-arena": { capacity: 2000, sizes: {} } } } as unknown as ResultsFile, "r.json");
    assert.match(text, /one process holds \*\*2,000 players\*\*/);
    assert.match(text, /\| up to ~1,600 \| 1 \(no Redis needed\)/);
    assert.match(renderSection("scaling", { date: "x", arms: {} } as unknown as ResultsFile, "r.json"), /not measured/);
  });

  it("calls a difference beyond noise only when every round of one arm beats every round of the other", () => {
    const r = runResults(
      {
        "orb-arena": { sizes: { "400": { serverCpuUsPerClientTick: [20, 21, 22], updateRate: [1, 0.99, 1] } } },
        "off:inputDecoder": { sizes: { "400": { serverCpuUsPerClientTick: [24, 25, 23], updateRate: [0.98, 1, 0.99] } } },
      },
      3,
    );
    const cpu = compare(r, "orb-arena", "off:inputDecoder", "400", "serverCpuUsPerClientTick");
    assert.equal(cpu.base, 21);
    assert.equal(cpu.other, 24);
    assert.ok(Math.abs(cpu.change! - 3 / 21) < 1e-9);
    assert.equal(cpu.baseBetterBeyondNoise, true);
    assert.equal(cpu.otherBetterBeyondNoise, false);
    // Update rate: higher is better, and the rounds overlap.
    const rate = compare(r, "orb-arena", "off:inputDecoder", "400", "updateRate");
    assert.deepEqual([rate.baseBetterBeyondNoise, rate.otherBetterBeyondNoise], [false, false]);
    // One round: no spread to judge by.
    const one = runResults({ "orb-arena": { sizes: { "50": { serverCpuUsPerClientTick: [20] } } }, "colyseus-stock": { sizes: { "50": { serverCpuUsPerClientTick: [30] } } } }, 1);
    assert.equal(compare(one, "orb-arena", "colyseus-stock", "50", "serverCpuUsPerClientTick").baseBetterBeyondNoise, null);
  });

  it("writes stock against tuned and each tuning off against all on, from the JSON", () => {
    const r = runResults(
      {
        "orb-arena": { capacity: 1904, sizes: { "400": { serverCpuUsPerClientTick: [20, 21, 22], inputEchoP99Ms: [66, 67, 65], tickPatchP99Ms: [2, 2, 3] } } },
        "colyseus-stock": { capacity: 1216, sizes: { "400": { serverCpuUsPerClientTick: [30, 31, 29], inputEchoP99Ms: [90, 92, 88], tickPatchP99Ms: [5, 6, 4] } } },
        "off:patchAfterStep": { sizes: { "400": { serverCpuUsPerClientTick: [21, 20, 22], inputEchoP50Ms: [40, 41, 42], inputEchoP99Ms: [85, 86, 84] } } },
        "off:listingMirror": { sizes: { "400": { joinP50Ms: [6, 7, 8] } } },
      },
      3,
    );
    const text = renderSection("tunings", r, "bench/results/tunings.json");
    assert.match(text, /From `bench\/results\/tunings.json`: a quick run of 2026-11-30 22:30 UTC \(3 rounds, 2.5 s windows/);
    assert.match(text, /\| CPU µs\/client-tick \| 400 \| 21\.0 \| 30\.0 \| \+43 % \| worse stock, beyond noise \|/);
    assert.match(text, /\| capacity \(players per process\) \| – \| 1,904 \| 1,216 \| 1\.57× tuned\/stock \|/);
    assert.match(text, /\| `patchAfterStep` \(input → echo latency\) \| 400 \| echo p50 \| – \| 41\.0 ms \| – \| – \|/);
    assert.match(text, /\| `patchAfterStep` \(input → echo latency\) \| 400 \| echo p99 \| 66\.0 ms \| 85\.0 ms \| \+29 % \| worse off, beyond noise \|/);
    assert.match(text, /\| `patchAfterStep` \(input → echo latency\) \| 400 \| CPU µs\/client-tick \| 21\.0 \| 21\.0 \| \+0 % \| within noise \|/);
    // The Redis tunings are compared with the Redis arm, which this run lacks: said so, no figure invented.
    assert.match(text, /\| `listingMirror` \(join time on Redis\) \| – \| – \| orb-arena-redis not in this run \|/);
  });

  it("writes a tuning's own capacity search beside the product's, and what recording rounds costs against REPLAYS=off", () => {
    const r = runResults(
      {
        "orb-arena": { capacity: 1600, sizes: { "400": { serverCpuUsPerClientTick: [20, 21, 22], tickPatchP99Ms: [2, 2, 3] } } },
        "off:steadyTimestep": { capacity: 1200, sizes: { "400": { serverCpuUsPerClientTick: [19, 20, 21], tickPatchP99Ms: [3, 3, 4] } } },
        "no-replays": { sizes: { "400": { serverCpuUsPerClientTick: [19.5, 20, 20.5], tickPatchP99Ms: [2, 2, 2] } } },
      },
      3,
    );
    const text = renderSection("tunings", r, "bench/results/reference.json");
    assert.match(text, /\| `steadyTimestep` \([^|]*\) \| – \| capacity \(players per process\) \| 1,600 \| 1,200 \| −25 % \| one search each \|/);
    // 21 µs recording against 20 µs without: +5.0 %, the rounds overlap.
    assert.match(text, /Recording every round costs \*\*\+5\.0 %\*\* CPU per client-tick at 400 players \(21\.0 µs recording, 20\.0 µs with `REPLAYS=off`; within the rounds' spread; target ≤ 5 %\)/);
    assert.equal(renderSection("recording", r, "r.json"), text.split("\n").find((l) => l.startsWith("Recording every round")));
    assert.match(renderSection("recording", runResults({ "orb-arena": { sizes: {} } }, 1), "r.json"), /not measured in `r.json`/);
  });

  it("writes the Redis tunings' idle joins: median of the rounds' p50s, and beyond noise only when every round differs", () => {
    const run = (local: number, remote: number) => ({ local: { p50Ms: local }, remote: { p50Ms: remote } });
    const r = {
      date: "2026-12-01T04:00:00.000Z",
      node: "v22.0.0",
      rounds: 3,
      joinsPerRound: 200,
      arms: {
        "orb-arena-redis": [run(5, 6), run(5.2, 6.2), run(4.8, 5.8)],
        "off:replyPattern": [run(5, 8), run(5.1, 9), run(4.9, 8.5)],
        "off:listingMirror": [run(5.5, 6.1), run(5.6, 5.9), run(5.4, 6.3)],
      },
    } as unknown as ResultsFile;
    const text = renderSection("joins", r, "bench/results/joins.json");
    assert.match(text, /200 quick-play joins per arm and round, 3 rounds/);
    assert.match(text, /\| all on \(orb-arena-redis\) \| 5\.0 ms \| 6\.0 ms \| – \| – \|/);
    // A tuning removed since the run keeps its row, marked.
    assert.match(text, /\| `replyPattern` off \(since removed: decision 0007\) \| 5\.0 ms \| 8\.5 ms \| \+42 % \| worse off, beyond noise \|/);
    assert.match(text, /\| `listingMirror` off \| 5\.5 ms \| 6\.1 ms \| \+2 % \| within noise \|/);
  });

  it("writes the README's headline: capacity and CPU per client-tick, tuned against stock, from the same run", () => {
    const r = runResults(
      {
        "orb-arena": { capacity: 1904, sizes: { "200": { serverCpuUsPerClientTick: [28] }, "800": { serverCpuUsPerClientTick: [18.04], inputEchoP50Ms: [23] } } },
        "colyseus-stock": { capacity: 1216, sizes: { "200": { serverCpuUsPerClientTick: [30] }, "800": { serverCpuUsPerClientTick: [24.96], inputEchoP50Ms: [45] } } },
      },
      1,
    );
    assert.equal(
      renderSection("headline", r, "bench/results/tunings.json"),
      "Against stock Colyseus 0.18 (the same arena room with the platform's Colyseus tunings off), in one quick run of 2026-11-30 on 2 cores: " +
        "capacity **1,904 vs 1,216** players per process (1.57×), server CPU per client-tick **18.0 vs 25.0 µs** at 800 players, input → echo p50 23 vs 45 ms " +
        "(tuned vs stock; `bench/results/tunings.json`).",
    );
    assert.match(renderSection("headline", runResults({ "orb-arena": { sizes: {} } }, 1), "x.json"), /not measured in `x.json`/);
  });

  it("writes the overview at the largest size, CPU by size, capacities and targets; missing figures show as –", () => {
    const r = runResults(
      {
        "orb-arena": { capacity: 1904, sizes: { "50": { serverCpuUsPerClientTick: [25] }, "400": { serverCpuUsPerClientTick: [20], bytesDownPerClientPerSec: [2110], bytesUpPerClientPerSec: [215] } } },
        socketio: { capacity: 1216, sizes: { "50": { serverCpuUsPerClientTick: [30] }, "400": { serverCpuUsPerClientTick: [26.2] } } },
      },
      1,
    );
    r.targets = [{ target: "capacity ≥ 1.5× socketio", measured: "1904 vs 1216 players (1.57×)", holds: true }];
    const text = renderSection("overview", r, "bench/results/reference.json");
    assert.match(text, /\| 400 players in rooms of 16 \| orb-arena \| socketio \|/);
    assert.match(text, /\| bytes down \/ up per client per s \| 2,110 \/ 215 \| – \/ – \|/);
    assert.match(text, /\| server CPU µs per client-tick \| 20\.0 \| 26\.2 \|/);
    assert.match(text, /\| capacity \(players per process\) \| 1,904 \| 1,216 \|/);
    assert.match(text, /\| 50 players \| 25\.0 \| 30\.0 \|/);
    assert.match(text, /- \*\*holds\*\*: capacity ≥ 1\.5× socketio — 1904 vs 1216 players \(1\.57×\)/);
  });
});

