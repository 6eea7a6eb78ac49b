import { matchMaker, type IRoomCache, type ServerOptions } from "@colyseus/core";
import { ROOM } from "../../../shared/protocol.js";
import { isSeatReservationError } from "../colyseus/seatReservation.js";
import { roomLimitError } from "./matchmakeLimits.js";
import type { RoomCap } from "./roomCap.js";

type SelectProcess = NonNullable<ServerOptions["selectProcessIdToCreateRoom"]>;

/**
 * Each process hosts its own lobby room (the listing it shows is global through presence), so a
 * lobby client connected to process A never loses its lobby when process B dies. A lobby request
 * is answered with a seat in the lobby of the process that received it (`joinLocalLobby`, called
 * by matchmakeGuard.ts for every lobby request), created there when it has none.
 *
 * Arena rooms go to the process hosting the fewest rooms (Colyseus' default) among those under
 * the per-process room cap (each process's own lobby not counted); when every process is at the
 * cap the request is refused with ROOM_LIMIT_REACHED (503). This process's count is its RoomCap's
 * (rooms being created included); another process's is its published count, which Colyseus
 * writes at most once a second, plus the rooms this process sent it since (for PICK_MEMORY_MS).
 * The hosting process checks its cap again when the room is created (RoomCap.admit).
 */
export function createProcessSelector(roomCap: RoomCap): SelectProcess {
  const picks = new Map<string, number[]>();
  const recentPicks = (processId: string, now: number): number => {
    const times = (picks.get(processId) ?? []).filter((t) => now - t < PICK_MEMORY_MS);
    if (times.length === 0) picks.delete(processId);
    else picks.set(processId, times);
    return times.length;
  };
  return async (roomName: string) => {
    if (roomName === ROOM.LOBBY) return matchMaker.processId;
    const stats = await matchMaker.stats.fetchAll();
    if (stats.length === 0) return matchMaker.processId; // no stats to go by: the room cap decides here
    const now = performance.now();
    const counted = stats.map((s) =>
      s.processId === matchMaker.processId
        ? { processId: s.processId, published: roomCap.size, estimate: roomCap.size }
        : { processId: s.processId, published: s.roomCount - 1, estimate: s.roomCount - 1 + recentPicks(s.processId, now) },
    );
    const byEstimate = counted.filter((s) => s.estimate < roomCap.max).sort((a, b) => a.estimate - b.estimate);
    // The estimate can count a room twice for a moment (sent, then published); the published count decides then.
    const chosen = byEstimate[0] ?? counted.filter((s) => s.published < roomCap.max).sort((a, b) => a.published - b.published)[0];
    if (!chosen) throw roomLimitError(roomCap.max);
    if (chosen.processId !== matchMaker.processId) picks.set(chosen.processId, [...(picks.get(chosen.processId) ?? []), now]);
    return chosen.processId;
  };
}

/** How long this process counts a room it sent to another process, ms (Colyseus publishes counts at most once a second). */
const PICK_MEMORY_MS = 1500;

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
      // The lobby filled or started disposing; look again.
      if (attempt >= LOBBY_SEAT_ATTEMPTS || !isSeatReservationError(err)) throw err;
    }
  }
}

function createLocalLobby(): Promise<IRoomCache> {
  creating ??= matchMaker.handleCreateRoom(ROOM.LOBBY, {}).finally(() => (creating = undefined));
  return creating;
}
