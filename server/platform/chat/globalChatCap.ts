import { SlidingWindowLimiter } from "./rateLimiter.js";

const CHANNEL = "all";

/**
 * A cap on the whole global chat channel: at most `max` messages per `windowMs`, everywhere. Every
 * process sees every message on the channel's pub/sub, so each counts what it sees plus what it has
 * just accepted and not yet seen come back; no extra store round trip. Processes that accept in the
 * same instant, before each other's messages arrive, can overshoot by what they accept within one
 * pub/sub delay.
 */
export class GlobalChatCap {
  private readonly seen: SlidingWindowLimiter;
  /** Messages accepted here and not yet seen on the channel, by sender session. */
  private readonly unseen = new Map<string, number>();

  constructor(max: number, windowMs: number) {
    this.seen = new SlidingWindowLimiter(max, windowMs);
  }

  allows(now: number): boolean {
    return this.seen.allows(CHANNEL, now);
  }

  /** Counts a message accepted by this process at once (its echo on the channel is not counted again). */
  accept(session: string, now: number): void {
    this.seen.take(CHANNEL, now);
    this.unseen.set(session, (this.unseen.get(session) ?? 0) + 1);
  }

  /** A message published on the channel by any process. */
  observe(session: string, now: number): void {
    const unseen = this.unseen.get(session);
    if (unseen === undefined) {
      this.seen.take(CHANNEL, now);
      return;
    }
    if (unseen <= 1) this.unseen.delete(session);
    else this.unseen.set(session, unseen - 1);
  }

  forget(session: string): void {
    this.unseen.delete(session);
  }

  get pending(): number {
    return this.unseen.size;
  }
}
