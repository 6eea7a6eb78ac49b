import { ERROR_CODE, type ProtocolError } from "../../../shared/protocol.js";
import type { AbuseLimits } from "../../config.js";
import type { Sender } from "./chatPolicy.js";
import { ByteBudget } from "./rateLimiter.js";

type ReplyLimits = Pick<AbuseLimits, "replyBytesPerSecond" | "replyAddressBytesPerSecond" | "replyBurstSeconds">;

/**
 * Bytes of list replies (chat catch-up, the lobby's room list) a client may pull: a budget per
 * session and a larger one per client address, each refilled per second and banking
 * `replyBurstSeconds` of it. A request asked while either is spent is refused with RATE_LIMITED
 * before any work; a reply is charged its size after it is built.
 */
export class ReplyBudget {
  private readonly sessions: ByteBudget;
  private readonly addresses: ByteBudget;

  constructor(limits: ReplyLimits) {
    this.sessions = new ByteBudget(limits.replyBytesPerSecond, limits.replyBytesPerSecond * limits.replyBurstSeconds);
    this.addresses = new ByteBudget(limits.replyAddressBytesPerSecond, limits.replyAddressBytesPerSecond * limits.replyBurstSeconds);
  }

  /** A refusal if `sender` has spent its budget, else undefined. */
  refusal(sender: Sender, now = Date.now()): ProtocolError | undefined {
    if (this.sessions.allows(sender.session, now) && this.addresses.allows(sender.address, now)) return undefined;
    const wait = Math.max(this.sessions.waitSeconds(sender.session, now), this.addresses.waitSeconds(sender.address, now));
    return { code: ERROR_CODE.RATE_LIMITED, message: `Too many list requests; try again in ${Math.ceil(wait)} s.` };
  }

  /** Charges a reply of `bytes` to the session and its address. */
  charge(sender: Sender, bytes: number, now = Date.now()): void {
    this.sessions.charge(sender.session, bytes, now);
    this.addresses.charge(sender.address, bytes, now);
  }

  forget(session: string): void {
    this.sessions.forget(session);
  }

  get tracked(): { sessions: number; addresses: number } {
    return { sessions: this.sessions.size, addresses: this.addresses.size };
  }
}

/** Size of a reply as sent: its JSON in UTF-8 (msgpack on the wire is about the same or smaller). */
export function replyBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "");
}
