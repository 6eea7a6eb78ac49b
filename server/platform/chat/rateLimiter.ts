/**
 * Sliding-window limiter: at most `max` events per `windowMs` per key. Used for chat
 * (Colyseus' own `maxMessagesPerSecond` only disconnects; this one refuses politely).
 * Memory follows the keys active in the last window: `forget` drops a key at once, and keys whose
 * events have all left the window are swept (at most once per window, on use).
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private nextSweep = -Infinity;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Records an event at `now` if allowed; returns false (and records nothing) if over the limit. */
  tryTake(key: string, now: number): boolean {
    if (!this.allows(key, now)) return false;
    this.take(key, now);
    return true;
  }

  /** Whether an event at `now` would be allowed (records nothing). */
  allows(key: string, now: number): boolean {
    const list = this.hits.get(key);
    if (!list) return true;
    prune(list, now - this.windowMs);
    return list.length < this.max;
  }

  /** Records an event at `now`, allowed or not (call after `allows`). */
  take(key: string, now: number): void {
    this.sweep(now);
    const list = this.hits.get(key);
    if (list) list.push(now);
    else this.hits.set(key, [now]);
  }

  /** Events of `key` within the window ending at `now`. */
  count(key: string, now: number): number {
    const list = this.hits.get(key);
    if (!list) return 0;
    prune(list, now - this.windowMs);
    return list.length;
  }

  forget(key: string): void {
    this.hits.delete(key);
  }

  /** Keys currently remembered. */
  get size(): number {
    return this.hits.size;
  }

  keys(): IterableIterator<string> {
    return this.hits.keys();
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.windowMs;
    const cutoff = now - this.windowMs;
    for (const [key, list] of this.hits) if (list.length === 0 || list[list.length - 1]! <= cutoff) this.hits.delete(key);
  }
}

function prune(list: number[], cutoff: number): void {
  let expired = 0;
  while (expired < list.length && list[expired]! <= cutoff) expired++;
  if (expired > 0) list.splice(0, expired);
}

/**
 * Byte budget per key: a token bucket of `bytesPerSecond`, holding at most `burstBytes`. A key may
 * be sent something while its balance is above zero; the cost is charged afterwards and may leave a
 * debt, so one reply can cross the line and the next waits until the debt is refilled. Keys whose
 * bucket is full again are swept (full = no bucket), at most once a second.
 */
export class ByteBudget {
  private readonly buckets = new Map<string, { bytes: number; at: number }>();
  private nextSweep = -Infinity;

  constructor(
    private readonly bytesPerSecond: number,
    private readonly burstBytes: number,
  ) {}

  /** Whether `key` may be sent a reply at `now`. */
  allows(key: string, now: number): boolean {
    return this.balance(key, now) > 0;
  }

  /** Charges `bytes` sent to `key` at `now`. */
  charge(key: string, bytes: number, now: number): void {
    this.sweep(now);
    this.buckets.set(key, { bytes: this.balance(key, now) - bytes, at: now });
  }

  /** Seconds until `key` may be sent a reply again (0 if it may now). */
  waitSeconds(key: string, now: number): number {
    const balance = this.balance(key, now);
    return balance > 0 ? 0 : (1 - balance) / this.bytesPerSecond;
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }

  private balance(key: string, now: number): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.burstBytes;
    return Math.min(this.burstBytes, bucket.bytes + ((now - bucket.at) / 1000) * this.bytesPerSecond);
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 1000;
    for (const key of [...this.buckets.keys()]) if (this.balance(key, now) >= this.burstBytes) this.buckets.delete(key);
  }
}
