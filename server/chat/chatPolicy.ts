import { ERROR_CODE, checkChatText, type TextCheck } from "../../shared/protocol.js";
import type { AbuseLimits } from "../config.js";
import { SlidingWindowLimiter } from "./rateLimiter.js";

/**
 * The rules every chat channel shares: cleaned text of 1–280 characters, at most N accepted
 * messages per sender per window, and no repeating one's own last message within a while.
 */
export class ChatPolicy {
  private readonly limiter: SlidingWindowLimiter;
  private readonly last = new Map<string, { text: string; at: number }>();

  constructor(private readonly limits: Pick<AbuseLimits, "chatMaxMessages" | "chatWindowMs" | "duplicateWindowMs">) {
    this.limiter = new SlidingWindowLimiter(limits.chatMaxMessages, limits.chatWindowMs);
  }

  vet(sender: string, raw: string, now = Date.now()): TextCheck {
    const check = checkChatText(raw);
    if (!check.ok) return check;
    const previous = this.last.get(sender);
    if (previous && previous.text === check.text && now - previous.at < this.limits.duplicateWindowMs) {
      return { ok: false, error: { code: ERROR_CODE.DUPLICATE_MESSAGE, message: "You just sent that." } };
    }
    if (!this.limiter.tryTake(sender, now)) {
      const seconds = this.limits.chatWindowMs / 1000;
      return { ok: false, error: { code: ERROR_CODE.RATE_LIMITED, message: `At most ${this.limits.chatMaxMessages} messages per ${seconds} s.` } };
    }
    this.last.set(sender, { text: check.text, at: now });
    return check;
  }

  forget(sender: string): void {
    this.limiter.forget(sender);
    this.last.delete(sender);
  }
}
