/**
 * Sliding-window limiter: at most `max` events per `windowMs` per key. Used for chat
 * (Colyseus' own `maxMessagesPerSecond` only disconnects; this one refuses politely).
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Records an event at `now` if allowed; returns false (and records nothing) if over the limit. */
  tryTake(key: string, now: number): boolean {
    const list = this.hits.get(key) ?? [];
    while (list.length > 0 && list[0]! <= now - this.windowMs) list.shift();
    if (list.length >= this.max) {
      this.hits.set(key, list);
      return false;
    }
    list.push(now);
    this.hits.set(key, list);
    return true;
  }

  forget(key: string): void {
    this.hits.delete(key);
  }
}
