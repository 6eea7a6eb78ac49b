/** Small statistics helpers: percentiles of samples, medians of repeated runs. */

/** The p-th percentile (0..100) by nearest rank; NaN for no samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

/** Median of the finite values; NaN when there are none. */
export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Rounds for reports: `digits` decimals, NaN/Infinity become null (valid JSON). */
export function round(value: number, digits = 1): number | null {
  if (!Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Collects samples that fall inside a measurement window [t0, t1) on the monotonic clock.
 * Before the window is set, nothing is kept.
 */
export class WindowedSamples {
  private t0 = Number.POSITIVE_INFINITY;
  private t1 = Number.NEGATIVE_INFINITY;
  readonly values: number[] = [];
  timeouts = 0;

  setWindow(t0: number, t1: number): void {
    this.t0 = t0;
    this.t1 = t1;
    this.values.length = 0;
    this.timeouts = 0;
  }

  inWindow(at: number): boolean {
    return at >= this.t0 && at < this.t1;
  }

  add(at: number, value: number): void {
    if (at >= this.t0 && at < this.t1) this.values.push(value);
  }

  timeout(at: number): void {
    if (at >= this.t0 && at < this.t1) this.timeouts++;
  }

  summary(): { n: number; p50: number | null; p99: number | null; max: number | null; timeouts: number } {
    return {
      n: this.values.length,
      p50: round(percentile(this.values, 50), 2),
      p99: round(percentile(this.values, 99), 2),
      max: round(this.values.length ? Math.max(...this.values) : Number.NaN, 2),
      timeouts: this.timeouts,
    };
  }
}
