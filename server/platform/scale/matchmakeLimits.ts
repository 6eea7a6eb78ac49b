import { matchMaker, ServerError } from "@colyseus/core";
import { JOIN_ERROR } from "../../../shared/protocol.js";
import type { MatchmakingLimits } from "../../config.js";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../metrics.js";
import { KeyedBuckets } from "./keyedBuckets.js";
import { SeatLedger, type SeatSlot, type StillReserved } from "./seatLedger.js";

export type RefusalReason = "room_creates" | "pending_seats" | "code_guesses" | "room_cap";

/** The refusal a limit answers with: the HTTP status of the matchmaking reply, the message starting with its name. */
export function refusal(code: keyof typeof JOIN_ERROR, message: string): ServerError {
  return new ServerError(JOIN_ERROR[code], `${code}: ${message}`);
}

/** The process room cap's refusal (the room cap, the process selector and the guard share it). */
export function roomLimitError(max: number): ServerError {
  return refusal("ROOM_LIMIT_REACHED", `the server hosts its maximum of ${max} rooms; try again in a minute.`);
}

/**
 * Colyseus passes a refusal made on another process back as a plain message (the status is lost on
 * the way): a message starting with one of our code names gets that code's status back.
 */
export function restoreRefusal(err: unknown): unknown {
  const message = (err as { message?: unknown } | null)?.message;
  if (typeof message !== "string") return err;
  const name = /^([A-Z_]+):/.exec(message)?.[1];
  if (name && name in JOIN_ERROR && (err as { code?: unknown }).code !== JOIN_ERROR[name as keyof typeof JOIN_ERROR]) {
    return new ServerError(JOIN_ERROR[name as keyof typeof JOIN_ERROR], message);
  }
  return err;
}

/** Whether a room still holds a reservation, asked of the room wherever it runs (Room.hasReservedSeat). */
export const roomStillReserves: StillReserved = async (roomId, sessionId) =>
  (await matchMaker.remoteRoomCall(roomId, "hasReservedSeat", [sessionId])) === true;

/**
 * The per-address matchmaking limits of one process: room creations per minute, seat reservations
 * not used yet, unknown room codes per minute. Each refusal is counted in
 * `orb_matchmake_refused_total{reason}` and logged once a minute per address and reason.
 */
export class MatchmakeLimits {
  readonly creates: KeyedBuckets;
  readonly misses: KeyedBuckets;
  readonly seats: SeatLedger;
  private readonly logBudget: KeyedBuckets;

  constructor(
    private readonly limits: Readonly<MatchmakingLimits>,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    stillReserved: StillReserved = roomStillReserves,
  ) {
    this.creates = new KeyedBuckets(limits.roomCreatesPerMinute, limits.trackedAddresses);
    this.misses = new KeyedBuckets(limits.roomCodeMissesPerMinute, limits.trackedAddresses);
    this.seats = new SeatLedger(limits.pendingSeatsPerAddress, limits.seatReservationSeconds * 1000, limits.trackedAddresses, stillReserved);
    // One log line per address and reason per minute: a flood is counted, not written out.
    this.logBudget = new KeyedBuckets(1, limits.trackedAddresses);
  }

  /** Refuses a room-id lookup from an address that has used up its unknown codes. */
  checkGuesses(address: string, method: string): void {
    if (this.misses.has(address)) return;
    const wait = this.misses.retryAfterSeconds(address);
    throw this.refuse("code_guesses", address, method, refusal("CODE_GUESSES_LIMITED", `too many unknown room codes from your address; try again in ${wait} s.`));
  }

  /** Counts an unknown room code or id tried by `address`. */
  countMiss(address: string): void {
    this.misses.take(address);
  }

  /** Takes one room creation from `address`'s budget, or refuses. */
  takeCreate(address: string, method: string): void {
    if (this.creates.take(address)) return;
    const wait = this.creates.retryAfterSeconds(address);
    throw this.refuse("room_creates", address, method, refusal("CREATE_RATE_LIMITED", `too many rooms created from your address; try again in ${wait} s.`));
  }

  /** A slot for one seat reservation by `address`, or a refusal when it holds too many unused ones. */
  async takeSeat(address: string, method: string): Promise<SeatSlot> {
    const slot = await this.seats.acquire(address);
    if (slot) return slot;
    throw this.refuse(
      "pending_seats",
      address,
      method,
      refusal("PENDING_SEATS_LIMITED", `${this.limits.pendingSeatsPerAddress} joins from your address are not completed yet; try again in a few seconds.`),
    );
  }

  /** Counts and logs the process room cap's refusal. */
  roomCapRefused(address: string, method: string, err: ServerError): ServerError {
    return this.refuse("room_cap", address, method, err);
  }

  private refuse(reason: RefusalReason, address: string, method: string, err: ServerError): ServerError {
    this.metrics.matchmakeRefused.inc({ reason });
    if (this.logBudget.take(`${reason} ${address}`)) {
      this.logger.warn({ event: "matchmake_throttled", reason, address, method, status: err.code }, `matchmaking refused: ${err.message}`);
    }
    return err;
  }
}
