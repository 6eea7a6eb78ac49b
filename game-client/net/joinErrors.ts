import { ErrorCode } from "@colyseus/sdk";
import { JOIN_ERROR } from "../../shared/protocol.js";
import { MAX_PLAYERS_PER_ROOM } from "../../shared/sim/constants.js";

export type JoinFailureKind = "full" | "not_found" | "unreachable" | "invalid_name" | "invalid_code" | "unknown";

/** Why a join, create or quick play failed, in words a player can act on. */
export class JoinError extends Error {
  constructor(
    readonly kind: JoinFailureKind,
    message: string,
  ) {
    super(message);
    this.name = "JoinError";
  }
}

/**
 * Maps the SDK's matchmaking errors to a JoinError. The matchmaker reports a missing room and a
 * full (locked) room with the same code, so the two are told apart by the message it documents
 * ("… not found" / "… is locked"); a failed fetch or socket has no numeric code at all.
 */
export function describeJoinError(err: unknown, code?: string): JoinError {
  if (err instanceof JoinError) return err;
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message : String(err);
  const numeric = typeof e.code === "number" ? e.code : undefined;
  const which = code ? `“${code}”` : "that code";

  if (numeric === ErrorCode.MATCHMAKE_INVALID_ROOM_ID) {
    if (/locked/i.test(message)) return new JoinError("full", `Room ${which} is full (${MAX_PLAYERS_PER_ROOM} players). Try another room.`);
    return new JoinError("not_found", `No room found with code ${which}. Check the code — the room may have closed.`);
  }
  if (numeric === JOIN_ERROR.INVALID_NAME) {
    return new JoinError("invalid_name", message.replace(/^INVALID_NAME:\s*/, "Invalid name: "));
  }
  const socketClose = numeric !== undefined && numeric >= 1000 && numeric < 1100;
  if (numeric === undefined || socketClose || /fetch|network|ECONNREFUSED/i.test(message)) {
    return new JoinError("unreachable", "Can’t reach the game server. Check your connection and try again.");
  }
  return new JoinError("unknown", `Could not join: ${message}`);
}
