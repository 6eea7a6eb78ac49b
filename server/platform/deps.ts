import type { TuningSwitch } from "./colyseus/tunings.js";
import type { GlobalChat } from "./chat/GlobalChat.js";
import type { AbuseLimits, GameTuning } from "../config.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { RoomCap } from "./scale/roomCap.js";
import type { ReplayStore } from "./replay/store.js";

/** What rooms receive from the server that creates them (rooms never read config or env). */
export interface RoomDeps {
  tuning: GameTuning;
  limits: AbuseLimits;
  logger: Logger;
  metrics: Metrics;
  globalChat: GlobalChat;
  /** Messages per second (inputs included) after which Colyseus disconnects a client. */
  maxMessagesPerSecond: number;
  /** This process's arena rooms, capped (MAX_ROOMS_PER_PROCESS). */
  roomCap: RoomCap;
  /** Seconds a reserved seat waits for its client (SEAT_RESERVATION_SECONDS). */
  seatReservationSeconds: number;
  /** Which Colyseus tunings are active (COLYSEUS_TUNINGS_OFF, boot probes): the plugins apply only those. */
  tunings: TuningSwitch;
  /** Where finished rounds' replays go; undefined: rounds are not recorded (REPLAYS=off). */
  replays?: ReplayStore;
}
