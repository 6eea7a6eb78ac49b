import { RoomPlugin, type Client, type Room } from "@colyseus/core";
import type { AbuseLimits } from "../../config.js";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../metrics.js";
import { refuseUnreliableInput } from "../colyseus/frameGuard.js";
import { replaceInputDecoder, type InputDecoderFactory } from "../colyseus/inputDecoder.js";
import { ALL_TUNINGS_ON, type TuningSwitch } from "../colyseus/tunings.js";
import { MessageGuard } from "../wire/MessageGuard.js";

export interface WireGuardsOptions {
  logger: Logger;
  metrics: Metrics;
  /** `strikeLimit` / `strikeWindowMs`: refused or unknown messages before a kick. */
  limits: Pick<AbuseLimits, "strikeLimit" | "strikeWindowMs">;
  /** Messages per second (inputs included) after which Colyseus disconnects a client. */
  maxMessagesPerSecond: number;
  /** `unreliableInputGuard`, `inputDecoder` (default: all on); off gives Colyseus' stock decoding. */
  tunings?: TuningSwitch;
  /** Rooms with `defineInput`: refuse unreliable-input frames (default false). */
  refuseUnreliableInput?: boolean;
  /** Rooms with `defineInput`: a specialised decoder for their input type (arena/moveInputDecoder.ts). */
  inputDecoder?: InputDecoderFactory;
}

/**
 * **Wire guards.** What stands between the socket and a room's handlers: Colyseus' per-client
 * message rate (`maxMessagesPerSecond`); the `"*"` handler, which answers an unknown message type
 * with an UNKNOWN_MESSAGE error; strikes (refused or unknown messages, counted per client in a
 * sliding window; past `limits.strikeLimit` the client is kicked with 4408), which other plugins
 * and the room count through `strike()`; for rooms with an input type, unreliable-input frames
 * refused (close 4002, they can freeze Colyseus 0.18's decoder) and an optional specialised input
 * decoder. Those two follow the tunings `unreliableInputGuard` and `inputDecoder` (off: Colyseus
 * decodes every frame itself). Options: see {@link WireGuardsOptions}.
 */
export class WireGuards extends RoomPlugin {
  override readonly pluginName = "wire" as const;
  private guard: MessageGuard | undefined;

  constructor(private readonly options: WireGuardsOptions) {
    super();
  }

  override readonly messages = {
    "*": (client: Client, type: string | number) => this.messageGuard().unknown(client, type),
  };

  /** Counts a refused message against `client`; sustained abuse ends in a kick. */
  strike(client: Client, type: string): void {
    this.messageGuard().strike(client, type);
  }

  protected override onCreate(): void {
    const { logger, metrics } = this.options;
    const room = this.room as Room;
    room.maxMessagesPerSecond = this.options.maxMessagesPerSecond;
    const tunings = this.options.tunings ?? ALL_TUNINGS_ON;
    if (this.options.inputDecoder && tunings.on("inputDecoder") && !replaceInputDecoder(room, this.options.inputDecoder)) {
      logger.error({ event: "tuning_failed", tuning: "inputDecoder", roomId: room.roomId }, "Colyseus input internals not found; using the generic input decoder");
    }
    if (!this.options.refuseUnreliableInput || !tunings.on("unreliableInputGuard")) return;
    const guarded = refuseUnreliableInput(room, (client) => {
      metrics.rejected.inc({ reason: "UNRELIABLE_INPUT" });
      logger.warn({ event: "kick", roomId: room.roomId, sessionId: client.sessionId, reason: "unreliable input frame" }, "client kicked");
    });
    if (!guarded) logger.error({ event: "tuning_failed", tuning: "unreliableInputGuard", roomId: room.roomId }, "Colyseus' message entry not found; unreliable-input frames reach its decoder");
  }

  protected override onLeave(client: Client): void {
    this.guard?.forget(client.sessionId);
  }

  private messageGuard(): MessageGuard {
    this.guard ??= new MessageGuard(this.options.logger, this.options.metrics, this.options.limits, () => this.room.roomId);
    return this.guard;
  }
}
