import { RoomPlugin, type Room } from "@colyseus/core";
import type { AbuseLimits } from "../../config.js";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../metrics.js";
import { countPatchBytes } from "../colyseus/patchBytes.js";
import { ALL_TUNINGS_ON, type TuningSwitch } from "../colyseus/tunings.js";
import { dropSlowClients } from "../health/slowClients.js";

export interface ClientHealthOptions {
  logger: Logger;
  metrics: Metrics;
  /** `maxBufferedBytes`: a client with more unsent bytes queued is dropped (SLOW_CLIENT_MAX_BUFFERED_BYTES). */
  limits: Pick<AbuseLimits, "maxBufferedBytes">;
  /** `slowClientDrop`, `patchBytes` (default: all on). */
  tunings?: TuningSwitch;
  /** Count state patch bytes in `metrics.patchBytes` (rooms with a state; default false). */
  countPatchBytes?: boolean;
}

/**
 * **Client health.** Keeps one client from costing the process: every 500 ms a client whose socket
 * has more than `limits.maxBufferedBytes` unsent is terminated (`slow_client_dropped`, counted as
 * SLOW_CONSUMER; the SDK sees 1006 and may reconnect). With `countPatchBytes`, the bytes of every
 * state patch times its receivers go to `metrics.patchBytes`. Each follows its tuning
 * (`slowClientDrop`, `patchBytes`): off, stock Colyseus neither drops nor counts.
 */
export class ClientHealth extends RoomPlugin {
  override readonly pluginName = "health" as const;

  constructor(private readonly options: ClientHealthOptions) {
    super();
  }

  protected override onCreate(): void {
    const { logger, metrics } = this.options;
    const room = this.room as Room;
    const tunings = this.options.tunings ?? ALL_TUNINGS_ON;
    if (this.options.countPatchBytes && tunings.on("patchBytes") && !countPatchBytes(room, (bytes) => metrics.patchBytes.inc(bytes))) {
      logger.error({ event: "tuning_failed", tuning: "patchBytes", roomId: room.roomId }, "Colyseus serializer internals not found; patch bytes not counted");
    }
    if (!tunings.on("slowClientDrop")) return;
    dropSlowClients(room, this.options.limits.maxBufferedBytes, (client, bufferedBytes) => {
      metrics.rejected.inc({ reason: "SLOW_CONSUMER" });
      logger.warn({ event: "slow_client_dropped", roomId: room.roomId, sessionId: client.sessionId, bufferedBytes }, "slow client dropped");
    });
  }
}
