import { CloseCode } from "@colyseus/core";

/** Close codes on which the SDK reconnects: only these are worth holding a dropped client's seat. */
const RECONNECTABLE_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.GOING_AWAY,
  CloseCode.NO_STATUS_RECEIVED,
  CloseCode.ABNORMAL_CLOSURE,
  CloseCode.MAY_TRY_RECONNECT,
]);

/** True when a client dropped with `code` may come back (a kick or a protocol violation never does). */
export function mayReconnect(code: number | undefined): boolean {
  return RECONNECTABLE_CLOSE_CODES.has(code ?? 0);
}
