import { SeatReservationError } from "@colyseus/core/errors/SeatReservationError";

/**
 * True for Colyseus' SeatReservationError (not exported from the package's entry; imported from its
 * module, the one the matchmaker throws): `reserveSeatFor` found the room full or disposing.
 */
export function isSeatReservationError(err: unknown): boolean {
  return err instanceof SeatReservationError;
}
