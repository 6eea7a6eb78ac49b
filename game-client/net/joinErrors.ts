import { ErrorCode } from "@colyseus/sdk";
import { JOIN_ERROR } from "../../shared/protocol.js";
import { MAX_PLAYERS_PER_ROOM } from "../../shared/sim/constants.js";

export type JoinFailureKind = "full" | "not_found" | "unreachable" | "invalid_name" | "invalid_code" | "rate_limited" | "server_full" | "unavailable" | "unknown";

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
 * ("… not found" / "… is locked"); a room whose seats of the asked kind are taken answers "… is already
 * full"; a failed fetch or socket has no numeric code at all.
 */
export function describeJoinError(err: unknown, code?: string, watching = false): JoinError {
  if (err instanceof JoinError) return err;
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message : String(err);
  const numeric = typeof e.code === "number" ? e.code : undefined;
  const which = code ? `“${code}”` : "that code";

  // Every seat of its kind is taken: the player seats, or (watching) the spectator seats; the matchmaker says "… is already full".
  if (/is already full/i.test(message)) {
    if (watching) return new JoinError("full", `Room ${which} has as many watchers as it admits right now. Try again later.`);
    return new JoinError("full", `Room ${which} is full (${MAX_PLAYERS_PER_ROOM} players). Watch it, or try another room.`);
  }
  if (numeric === ErrorCode.MATCHMAKE_INVALID_ROOM_ID) {
    if (/locked/i.test(message)) return new JoinError("full", `Room ${which} is full (${MAX_PLAYERS_PER_ROOM} players). Try another room.`);
    return new JoinError("not_found", `No room found with code ${which}. Check the code — the room may have closed.`);
  }
  // A reserved name shares the status of an invalid one (422); the message names which.
  if (message.startsWith("NAME_RESERVED:")) {
    return new JoinError("invalid_name", `${message.replace(/^NAME_RESERVED:\s*/, "")} Names like “Server”, “System”, “Admin” or “Moderator” (or names that look like them) are kept for the game itself.`);
  }
  if (numeric === JOIN_ERROR.INVALID_NAME) {
    return new JoinError("invalid_name", message.replace(/^INVALID_NAME:\s*/, "Invalid name: "));
  }
  // The per-address limits share one status (429); the message says which, after its code name.
  if (numeric === JOIN_ERROR.CREATE_RATE_LIMITED || /^(CREATE_RATE_LIMITED|PENDING_SEATS_LIMITED|CODE_GUESSES_LIMITED):/.test(message)) {
    const wait = /try again in (\d+) s/.exec(message)?.[1];
    const later = wait ? `Try again in ${wait} seconds.` : "Wait a few seconds and try again.";
    if (message.startsWith("CREATE_RATE_LIMITED")) return new JoinError("rate_limited", `Too many rooms were created from your network just now. ${later}`);
    if (message.startsWith("CODE_GUESSES_LIMITED")) return new JoinError("rate_limited", `Too many unknown room codes were tried from your network. ${later}`);
    if (message.startsWith("PENDING_SEATS_LIMITED")) return new JoinError("rate_limited", `Too many joins from your network are still in progress. ${later}`);
    return new JoinError("rate_limited", `Too many requests from your network. ${later}`);
  }
  // Shares its status (503) with the room cap; the message says which.
  if (message.startsWith("UNAVAILABLE:")) {
    return new JoinError("unavailable", "The game server can’t start or join games right now (a service it needs is not answering). Games in progress go on; try again in a few seconds.");
  }
  if (numeric === JOIN_ERROR.ROOM_LIMIT_REACHED || message.startsWith("ROOM_LIMIT_REACHED:")) {
    return new JoinError("server_full", "The server is full right now (it hosts as many rooms as it can). Try again in a minute, or join a room by its code.");
  }
  const socketClose = numeric !== undefined && numeric >= 1000 && numeric < 1100;
  if (numeric === undefined || socketClose || /fetch|network|ECONNREFUSED/i.test(message)) {
    return new JoinError("unreachable", "Can’t reach the game server. Check your connection and try again.");
  }
  return new JoinError("unknown", `Could not join: ${message}`);
}
