import { Room } from "@colyseus/core";

type ReserveSeat = (sessionId: string, joinOptions?: unknown, authData?: unknown, seconds?: number, allowReconnection?: boolean, ...rest: unknown[]) => Promise<boolean>;
interface RoomSeats {
  _reserveSeat?: ReserveSeat;
  _reservedSeats?: Record<string, [unknown, ...unknown[]]>;
}

/**
 * Puts `admit(joinOptions)` in front of Colyseus' `room._reserveSeat` (the one place a seat is
 * reserved, before the client connects; a refusal is the matchmaker's "room is full"). Reconnections
 * keep their seat and are not asked. Returns false when the internal is not there.
 */
export function gateSeatReservations(room: Room, admit: (joinOptions: unknown) => boolean): boolean {
  const seats = room as unknown as RoomSeats;
  const original = seats._reserveSeat;
  if (typeof original !== "function") return false;
  seats._reserveSeat = function (this: unknown, sessionId, joinOptions, authData, seconds, allowReconnection, ...rest) {
    if (!allowReconnection && !admit(joinOptions)) return Promise.resolve(false);
    return original.call(this, sessionId, joinOptions, authData, seconds, allowReconnection, ...rest);
  };
  return true;
}

/** The join options of every seat reserved and not yet joined, by session id. */
export function pendingSeats(room: Room): Array<[sessionId: string, joinOptions: unknown]> {
  const reserved = (room as unknown as RoomSeats)._reservedSeats ?? {};
  return Object.entries(reserved).map(([sessionId, seat]) => [sessionId, seat[0]]);
}

/**
 * Boot check of what {@link gateSeatReservations} relies on: `Room.prototype._reserveSeat(sessionId,
 * joinOptions, authData, seconds, allowReconnection)` that records `_reservedSeats[sessionId] =
 * [joinOptions, …]`. Throws with what changed (spectator and player seats could not be told apart).
 */
export function assertSeatGate(): void {
  const reserve = (Room.prototype as unknown as RoomSeats)._reserveSeat;
  const source = typeof reserve === "function" ? Function.prototype.toString.call(reserve).replace(/\s+/g, "") : "";
  if (!source.startsWith("async_reserveSeat(sessionId,joinOptions=true,authData=void0,seconds") || !source.includes("allowReconnection") || !source.includes("this._reservedSeats[sessionId]=[joinOptions,")) {
    throw new Error("Colyseus' Room._reserveSeat(sessionId, joinOptions, authData, seconds, allowReconnection) or its _reservedSeats record changed: spectator seats cannot be counted apart (server/platform/colyseus/seatGate.ts)");
  }
}
