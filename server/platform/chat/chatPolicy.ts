import { ERROR_CODE, checkChatText, type ChatMessage, type ProtocolError, type TextCheck } from "../../../shared/protocol.js";
import type { AbuseLimits } from "../../config.js";
import { addressKey } from "../scale/addressKey.js";
import { GlobalChatCap } from "./globalChatCap.js";
import { SlidingWindowLimiter } from "./rateLimiter.js";

/** Who sent a message: the session, and the client address it came from ("unknown" when missing). */
export interface Sender {
  session: string;
  address: string;
}

/**
 * The key chat limits use for a client address, the same as matchmaking's (scale/addressKey.ts): a
 * missing address is one shared key, never "no limit"; an IPv6 address counts by its /64.
 */
export function addressOf(ip: string | undefined | null): string {
  return addressKey(ip);
}

/** A further limit checked after the sender's own, and recorded only when every check passed. */
interface Gate {
  refusal(now: number): ProtocolError | undefined;
  take(now: number): void;
}

type ChatLimits = Pick<AbuseLimits, "chatMaxMessages" | "chatWindowMs" | "duplicateWindowMs">;

/**
 * The rules every chat channel shares: cleaned text of 1–280 characters, at most N accepted
 * messages per sender per window, and no repeating one's own last message within a while.
 */
export class ChatPolicy {
  private readonly limiter: SlidingWindowLimiter;
  private readonly last = new Map<string, { text: string; at: number }>();
  private nextSweep = -Infinity;

  constructor(private readonly limits: ChatLimits) {
    this.limiter = new SlidingWindowLimiter(limits.chatMaxMessages, limits.chatWindowMs);
  }

  vet(sender: string, raw: string, now = Date.now(), gate?: Gate): TextCheck {
    const check = checkChatText(raw);
    if (!check.ok) return check;
    const previous = this.last.get(sender);
    if (previous && previous.text === check.text && now - previous.at < this.limits.duplicateWindowMs) {
      return { ok: false, error: { code: ERROR_CODE.DUPLICATE_MESSAGE, message: "You just sent that." } };
    }
    if (!this.limiter.allows(sender, now)) {
      return refusal(`At most ${this.limits.chatMaxMessages} messages per ${this.limits.chatWindowMs / 1000} s.`);
    }
    const refused = gate?.refusal(now);
    if (refused) return { ok: false, error: refused };
    this.limiter.take(sender, now);
    gate?.take(now);
    this.sweepRepeats(now);
    this.last.set(sender, { text: check.text, at: now });
    return check;
  }

  forget(sender: string): void {
    this.limiter.forget(sender);
    this.last.delete(sender);
  }

  /** Senders remembered (rate window or last message). */
  get tracked(): number {
    return new Set([...this.last.keys(), ...this.limiter.keys()]).size;
  }

  private sweepRepeats(now: number): void {
    if (now < this.nextSweep) return;
    const keep = Math.max(this.limits.duplicateWindowMs, this.limits.chatWindowMs);
    this.nextSweep = now + keep;
    for (const [sender, entry] of this.last) if (now - entry.at >= keep) this.last.delete(sender);
  }
}

type GlobalChatLimits = ChatLimits & Pick<AbuseLimits, "globalChatAddressMaxMessages" | "globalChatMaxMessages">;

/**
 * Global chat: the shared rules per session, plus at most N messages per client address per window
 * (throwaway sessions share their address's allowance) and a cap on the whole channel, counted over
 * every process (GlobalChatCap).
 */
export class GlobalChatPolicy {
  private readonly sessions: ChatPolicy;
  private readonly addresses: SlidingWindowLimiter;
  private readonly cap: GlobalChatCap;

  constructor(private readonly limits: GlobalChatLimits) {
    this.sessions = new ChatPolicy(limits);
    this.addresses = new SlidingWindowLimiter(limits.globalChatAddressMaxMessages, limits.chatWindowMs);
    this.cap = new GlobalChatCap(limits.globalChatMaxMessages, limits.chatWindowMs);
  }

  vet(sender: Sender, raw: string, now = Date.now()): TextCheck {
    const seconds = this.limits.chatWindowMs / 1000;
    return this.sessions.vet(sender.session, raw, now, {
      refusal: (at) => {
        if (!this.addresses.allows(sender.address, at)) {
          return refusal(`At most ${this.limits.globalChatAddressMaxMessages} global messages per ${seconds} s from one address.`).error;
        }
        if (!this.cap.allows(at)) {
          return refusal(`Global chat is busy (at most ${this.limits.globalChatMaxMessages} messages per ${seconds} s for everyone); try again shortly.`).error;
        }
        return undefined;
      },
      take: (at) => {
        this.addresses.take(sender.address, at);
        this.cap.accept(sender.session, at);
      },
    });
  }

  /** Every message published on the channel, from any process, counts toward the cap. */
  observe(message: ChatMessage, now = Date.now()): void {
    this.cap.observe(message.from, now);
  }

  /** Drops what is kept about a session that ended (its address's window expires by itself). */
  forget(session: string): void {
    this.sessions.forget(session);
    this.cap.forget(session);
  }

  /** What is remembered, for tests and metrics: sessions, addresses, and accepted posts not yet seen on the channel. */
  get tracked(): { sessions: number; addresses: number; pending: number } {
    return { sessions: this.sessions.tracked, addresses: this.addresses.size, pending: this.cap.pending };
  }
}

function refusal(message: string): { ok: false; error: ProtocolError } {
  return { ok: false, error: { code: ERROR_CODE.RATE_LIMITED, message } };
}
