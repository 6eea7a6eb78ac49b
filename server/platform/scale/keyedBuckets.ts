/**
 * Token buckets by key (a client address): `perMinute` tokens a minute, at most `perMinute` banked
 * (the burst). Memory is bounded: a bucket that has refilled is the same as no bucket and is
 * dropped by the sweep (at most every `sweepEveryMs`), and at most `maxKeys` buckets are kept —
 * when full, the least recently used one is dropped to make room (forgetting a bucket only ever
 * gives its address a fresh burst).
 */
export class KeyedBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep: number;
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly maxKeys: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sweepEveryMs = 10_000,
  ) {
    this.perMs = perMinute / 60_000;
    this.lastSweep = now();
  }

  /** Takes one token from `key`'s bucket; false (and nothing taken) when it is empty. */
  take(key: string): boolean {
    const bucket = this.current(key);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Whether `key` has a token left (takes nothing). */
  has(key: string): boolean {
    const bucket = this.buckets.get(key);
    return bucket === undefined || this.refilled(bucket, this.now()).tokens >= 1;
  }

  /** Seconds until `key` has a token again (0 if it has one). */
  retryAfterSeconds(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const { tokens } = this.refilled(bucket, this.now());
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.perMs / 1000);
  }

  /** Buckets held (for the memory test and /metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private current(key: string): { tokens: number; at: number } {
    const now = this.now();
    if (now - this.lastSweep >= this.sweepEveryMs) this.sweep(now);
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key); // re-inserted below: Map order is least recently used first
      this.refilled(bucket, now);
    } else {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: this.perMinute, at: now };
    }
    this.buckets.set(key, bucket);
    return bucket;
  }

  private refilled(bucket: { tokens: number; at: number }, now: number) {
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    return bucket;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now).tokens >= this.perMinute) this.buckets.delete(key);
    }
  }
}
