import { RoomPlugin, type Client, type MessageContext } from "@colyseus/core";
import { ERROR_CODE, type ProtocolError } from "../../../shared/protocol.js";
import type { Metrics } from "../../metrics.js";
import { checked, refuse } from "../chat/checked.js";
import { SlidingWindowLimiter } from "../chat/rateLimiter.js";
import { pluginOf } from "./pluginOf.js";
import { WireGuards } from "./WireGuards.js";

/** A payload validator: a zod schema (or any Standard Schema) from shared/protocol.ts. */
type Format<T> = Parameters<typeof checked<T, unknown>>[0];

/** One game message: its validator, its rate, and its handler. Build it with {@link limited}. */
export interface LimitedMessage<T = unknown> {
  format: Format<T>;
  /** At most `max` accepted per client … */
  max: number;
  /** … within this sliding window, in milliseconds. */
  windowMs: number;
  /** Runs for a valid payload within the rate; what it returns is the reply to a `room.request()`. */
  handle: (client: Client, message: T) => unknown;
}

/** A game message: `format` validates it, at most `rate.max` per `rate.windowMs` per client reach `handle`. */
export function limited<T>(format: Format<T>, rate: { max: number; windowMs: number }, handle: (client: Client, message: T) => unknown): LimitedMessage<T> {
  return { format, ...rate, handle };
}

type Handler = (client: Client, message: unknown, ctx: MessageContext) => unknown;

export interface RateLimitedMessagesOptions<M> {
  metrics: Metrics;
  /** The room's own messages, by name (a protocol table's values): `{ [NAME]: limited(Format, rate, handler) }`. */
  messages: M;
}

/**
 * **Rate-limited messages.** A game's own client messages, each validated at the edge and held to
 * a per-client rate, the way chat is: a bad payload is refused INVALID_PAYLOAD, a message over its
 * rate RATE_LIMITED (`{ code, message }`, as the request's rejection or an `error` message), and
 * each refusal counts as a strike (needs {@link WireGuards} in the same room); accepted ones are
 * counted in `metrics.messages{type}`, refused ones in `metrics.rejected{reason}`. The handlers are
 * plain functions of the room: `limited(EmoteRequest, { max: 3, windowMs: 3000 }, (client, msg) => …)`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry keeps its own payload type
export class RateLimitedMessages<const M extends Record<string, LimitedMessage<any>>> extends RoomPlugin {
  override readonly pluginName = "gameMessages" as const;
  override readonly messages: { [K in keyof M]: Handler };
  private readonly limiters: SlidingWindowLimiter[] = [];

  constructor(options: RateLimitedMessagesOptions<M>) {
    super();
    const { metrics } = options;
    const strike = (client: Client, type: string) => pluginOf(this.room, WireGuards, "RateLimitedMessages").strike(client, type);
    const table: Record<string, Handler> = {};
    for (const [type, spec] of Object.entries(options.messages) as Array<[string, LimitedMessage]>) {
      const limiter = new SlidingWindowLimiter(spec.max, spec.windowMs);
      this.limiters.push(limiter);
      const overRate: ProtocolError = { code: ERROR_CODE.RATE_LIMITED, message: `At most ${spec.max} ${type} messages per ${spec.windowMs / 1000} s.` };
      table[type] = checked(
        spec.format,
        (client: Client, message: unknown, ctx: MessageContext) => {
          if (!limiter.tryTake(client.sessionId, Date.now())) {
            metrics.rejected.inc({ reason: ERROR_CODE.RATE_LIMITED });
            const reply = refuse(client, ctx, overRate, type);
            strike(client, type);
            return reply;
          }
          metrics.messages.inc({ type });
          return spec.handle(client, message);
        },
        (client, t) => {
          metrics.rejected.inc({ reason: ERROR_CODE.INVALID_PAYLOAD });
          strike(client, t);
        },
        type,
      );
    }
    this.messages = table as { [K in keyof M]: Handler };
  }

  protected override onLeave(client: Client): void {
    for (const limiter of this.limiters) limiter.forget(client.sessionId);
  }
}
