import { matchMaker, type IRoomCache, type ServerOptions } from "@colyseus/core";
import { ROOM } from "../../shared/protocol.js";
import { roomLimitError } from "./matchmakeLimits.js";

type SelectProcess = NonNullable<ServerOptions["selectProcessIdToCreateRoom"]>;

/**
 * Each process hosts its own lobby room (the listing it shows is global through presence), so a
 * lobby client connected to process A never loses its lobby when process B dies. A lobby request
 * is answered with a seat in the lobby of the process that received it (`joinLocalLobby`, called
 * by matchmakeGuard.ts for every lobby request), created there when it has none.
 *
 * Arena rooms go to the process hosting the fewest rooms (Colyseus' default) among those under
 * the per-process room cap (each process's own lobby not counted); when every process is at the
 * cap the request is refused with ROOM_LIMIT_REACHED (503). The hosting process checks its cap
 * again when the room is created (RoomCap), since these counts are a moment old.
 */
export function createProcessSelector(maxRoomsPerProcess: number): SelectProcess {
  return async (roomName: string) => {
    if (roomName === ROOM.LOBBY) return matchMaker.processId;
    const stats = await matchMaker.stats.fetchAll();
    const own = matchMaker.stats.local.roomCount;
    const open = stats
      .map((s) => ({ processId: s.processId, rooms: s.processId === matchMaker.processId ? own : s.roomCount }))
      .filter((s) => s.rooms - 1 < maxRoomsPerProcess)
      .sort((a, b) => a.rooms - b.rooms);
    if (open.length > 0) return open[0]!.processId;
    if (stats.length === 0) return matchMaker.processId; // no stats to go by: the room cap decides here
    throw roomLimitError(maxRoomsPerProcess);
  };
}

/** Tries to seat a lobby client before giving up (a lobby found may be disposing as its last client left). */
const LOBBY_SEAT_ATTEMPTS = 3;
let creating: Promise<IRoomCache> | undefined;

/** A seat in this process's own lobby room, which is created (once, however many ask at once) if there is none. */
export async function joinLocalLobby(clientOptions: Record<string, unknown>): Promise<matchMaker.ISeatReservation> {
  for (let attempt = 1; ; attempt++) {
    const lobby = (await matchMaker.query({ name: ROOM.LOBBY, processId: matchMaker.processId }))[0] ?? (await createLocalLobby());
    try {
      return await matchMaker.reserveSeatFor(lobby, clientOptions);
    } catch (err) {
      // Colyseus' SeatReservationError (not exported): the lobby filled or started disposing; look again.
      if (attempt >= LOBBY_SEAT_ATTEMPTS || (err as Error).constructor?.name !== "SeatReservationError") throw err;
    }
  }
}

function createLocalLobby(): Promise<IRoomCache> {
  creating ??= matchMaker.handleCreateRoom(ROOM.LOBBY, {}).finally(() => (creating = undefined));
  return creating;
}
