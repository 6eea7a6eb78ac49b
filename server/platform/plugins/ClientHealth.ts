import { RoomPlugin, type Room } from "@colyseus/core";
import type { AbuseLimits } from "../../config.js";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../metrics.js";
import { countPatchBytes } from "../colyseus/patchBytes.js";
import { dropSlowClients } from "../health/slowClients.js";

export interface ClientHealthOptions {
  logger: Logger;
  metrics: Metrics;
  /** `maxBufferedBytes`: a client with more unsent bytes queued is dropped (SLOW_CLIENT_MAX_BUFFERED_BYTES). */
  limits: Pick<AbuseLimits, "maxBufferedBytes">;
  /** Count state patch bytes in `metrics.patchBytes` (rooms with a state; default false). */
  countPatchBytes?: boolean;
}

/**
 * **Client health.** Keeps one client from costing the process: every 500 ms a client whose socket
 * has more than `limits.maxBufferedBytes` unsent is terminated (`slow_client_dropped`, counted as
 * SLOW_CONSUMER; the SDK sees 1006 and may reconnect). With `countPatchBytes`, the bytes of every
 * state patch times its receivers go to `metrics.patchBytes`.
 */
export class ClientHealth extends RoomPlugin {
  override readonly pluginName = "health" as const;

  constructor(private readonly options: ClientHealthOptions) {
    super();
  }

  protected override onCreate(): void {
    const { logger, metrics } = this.options;
    const room = this.room as Room;
    if (this.options.countPatchBytes) countPatchBytes(room, (bytes) => metrics.patchBytes.inc(bytes));
    dropSlowClients(room, this.options.limits.maxBufferedBytes, (client, bufferedBytes) => {
      metrics.rejected.inc({ reason: "SLOW_CONSUMER" });
      logger.warn({ event: "slow_client_dropped", roomId: room.roomId, sessionId: client.sessionId, bufferedBytes }, "slow client dropped");
    });
  }
}
