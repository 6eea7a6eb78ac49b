import type { Client } from "@colyseus/core";
import { CLOSE_CODE, ERROR_CODE, SERVER_MESSAGE } from "../../../shared/protocol.js";
import { SlidingWindowLimiter } from "../chat/rateLimiter.js";
import type { AbuseLimits } from "../../config.js";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../metrics.js";

/** Answers unknown messages and counts bad ones; a client past the limit is kicked with a documented code. */
export class MessageGuard {
  private readonly strikes: SlidingWindowLimiter;

  constructor(
    private readonly log: Logger,
    private readonly metrics: Metrics,
    limits: Pick<AbuseLimits, "strikeLimit" | "strikeWindowMs">,
    private readonly roomId: () => string,
  ) {
    this.strikes = new SlidingWindowLimiter(limits.strikeLimit, limits.strikeWindowMs);
  }

  unknown(client: Client, rawType: string | number): void {
    const type = String(rawType).slice(0, 40);
    client.send(SERVER_MESSAGE.ERROR, { code: ERROR_CODE.UNKNOWN_MESSAGE, message: `Unknown message type "${type}".`, type });
    this.metrics.rejected.inc({ reason: ERROR_CODE.UNKNOWN_MESSAGE });
    this.strike(client, type);
  }

  strike(client: Client, type: string): void {
    this.log.warn({ event: "rejected_message", roomId: this.roomId(), sessionId: client.sessionId, type: type.slice(0, 40) }, "rejected message");
    if (this.strikes.tryTake(client.sessionId, Date.now())) return;
    this.log.warn({ event: "kick", roomId: this.roomId(), sessionId: client.sessionId, reason: "abuse" }, "client kicked");
    client.leave(CLOSE_CODE.KICKED_FOR_ABUSE, "Too many invalid messages.");
  }

  forget(sessionId: string): void {
    this.strikes.forget(sessionId);
  }
}
