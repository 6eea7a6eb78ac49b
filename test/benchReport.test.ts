/**
 * The benchmark's report logic (pure functions; no timing is asserted): percentiles and medians,
 * the capacity verdict of one step, and the target checks on a results object.
 */
import { strict as assert } from "node:assert";
import { capacityVerdict, type RunMetrics } from "../bench/metrics.js";
import { median, percentile } from "../bench/lib/stats.js";
import type { BenchResults } from "../bench/report/results.js";
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
