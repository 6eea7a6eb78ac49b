import { CHAT_RATE_MAX_MESSAGES, CHAT_RATE_WINDOW_MS, ERROR_CODE, checkChatText, type TextCheck } from "../../shared/protocol.js";
import { SlidingWindowLimiter } from "./rateLimiter.js";

/** The rules every chat channel shares: cleaned text of 1–280 characters, 5 messages per 5 s per sender. */
export class ChatPolicy {
  private readonly limiter = new SlidingWindowLimiter(CHAT_RATE_MAX_MESSAGES, CHAT_RATE_WINDOW_MS);

  vet(sender: string, raw: string, now = Date.now()): TextCheck {
    const check = checkChatText(raw);
    if (!check.ok) return check;
    if (!this.limiter.tryTake(sender, now)) {
      return {
        ok: false,
        error: { code: ERROR_CODE.RATE_LIMITED, message: `At most ${CHAT_RATE_MAX_MESSAGES} messages per ${CHAT_RATE_WINDOW_MS / 1000} s.` },
      };
    }
    return check;
  }

  forget(sender: string): void {
    this.limiter.forget(sender);
  }
}
