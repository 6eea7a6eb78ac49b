import { ErrorCode, ServerError } from "@colyseus/core";
import { JOIN_ERROR, ROOM } from "../../../shared/protocol.js";
import { addressKey } from "./addressKey.js";
import { joinLocalLobby } from "./localLobby.js";
import { withinMatchmakeDeadline } from "./matchmakeDeadline.js";
import { restoreRefusal, type MatchmakeLimits } from "./matchmakeLimits.js";

import { wrapMatchmakerEntry } from "../colyseus/matchmakerEntry.js";

/** Methods that reserve a new seat (`reconnect` reuses the seat the room holds for the player). */
const RESERVING = new Set(["joinOrCreate", "create", "join", "joinById"]);
/** Methods that pick a room for the client (quick play). */
const QUICK = new Set(["joinOrCreate", "join"]);
/** Methods that look a room up by the id the client names. */
const BY_ID = new Set(["joinById", "reconnect"]);

/**
 * Wraps Colyseus' matchmaking entry (every HTTP join/create goes through it), with the client
 * address Colyseus passes in its AuthContext (`ip`; a missing one counts as the shared key "unknown"):
 * - options that are not a plain object are refused with INVALID_OPTIONS (Colyseus itself
 *   answers a `null` body with an internal error);
 * - `spectate: true` is refused INVALID_OPTIONS except with joinById; quick play (joinOrCreate,
 *   join) is given `seatOpen: true`, the listing field game rooms filter by (a full room can only be watched);
 * - a lobby request is seated in the lobby of the process that received it (localLobby.ts);
 * - per address: unknown room codes per minute (CODE_GUESSES_LIMITED), seat reservations not used
 *   yet (PENDING_SEATS_LIMITED), room creations per minute (CREATE_RATE_LIMITED); the process room
 *   cap's refusal made on another process gets its status (503) back (matchmakeLimits.ts).
 * Colyseus calls it as `invokeMethod(method, roomName, clientOptions, authContext)`; checked at boot.
 */
export function guardMatchmaking(limits: MatchmakeLimits): void {
  wrapMatchmakerEntry((invoke) => async (method, roomName, clientOptions = {}, authContext) => {
    if (clientOptions === null || typeof clientOptions !== "object" || Array.isArray(clientOptions)) {
      throw new ServerError(JOIN_ERROR.INVALID_OPTIONS, "INVALID_OPTIONS: options must be an object.");
    }
    if ((clientOptions as { spectate?: unknown }).spectate === true && method !== "joinById") {
      throw new ServerError(JOIN_ERROR.INVALID_OPTIONS, "INVALID_OPTIONS: spectate: only joinById (a room's code) can watch a room.");
    }
    // Quick play joins only a room with a player seat open (rooms list `seatOpen`; spectators never take one).
    if (QUICK.has(method) && roomName !== ROOM.LOBBY) clientOptions = { ...clientOptions, seatOpen: true };
    const address = addressKey(authContext?.ip);
    if (BY_ID.has(method)) limits.checkGuesses(address, method);
    if (!RESERVING.has(method)) return withinMatchmakeDeadline(() => invokeCounted(limits, address, method, () => invoke(method, roomName, clientOptions, authContext)));
    const slot = await limits.takeSeat(address, method);
    try {
      if (method === "create" && roomName !== ROOM.LOBBY) limits.takeCreate(address, method);
      const reservation =
        roomName === ROOM.LOBBY && method !== "joinById"
          ? await withinMatchmakeDeadline(() => joinLocalLobby(clientOptions as Record<string, unknown>))
          : await withinMatchmakeDeadline(() => invokeCounted(limits, address, method, () => invoke(method, roomName, clientOptions, authContext)));
      limits.seats.settle(address, slot, reservation);
      return reservation;
    } catch (err) {
      limits.seats.settle(address, slot);
      throw err;
    }
  });
}

/** Runs Colyseus' method; counts an unknown room id as a miss and gives refusals made elsewhere their status back. */
async function invokeCounted<T>(limits: MatchmakeLimits, address: string, method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const restored = restoreRefusal(err);
    const code = (restored as { code?: unknown }).code;
    if (BY_ID.has(method) && code === ErrorCode.MATCHMAKE_INVALID_ROOM_ID && !/is locked/.test((restored as Error).message)) limits.countMiss(address);
    if (code === JOIN_ERROR.ROOM_LIMIT_REACHED && restored instanceof ServerError) throw limits.roomCapRefused(address, method, restored);
    throw restored;
  }
}
