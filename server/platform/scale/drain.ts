/**
 * Draining a process before it stops (SIGTERM, DRAIN_SECONDS): no new players anywhere on it, and each game room
 * closes (4001, as at shutdown) as soon as its running round is over, or when the drain time is up. A room is "in a
 * round" while its state's `phase` is "playing" (shared/schema ROUND_PHASE); rooms without a phase (the lobby)
 * are left for the shutdown that follows.
 */
import { matchMaker, type Room } from "@colyseus/core";
import { CLOSE_CODE } from "../../../shared/protocol.js";
import type { Logger } from "../../logger.js";

/** Close code of a room closed by its process stopping (Colyseus' CloseCode.SERVER_SHUTDOWN; clients rejoin elsewhere). */
export const SHUTDOWN_CLOSE_CODE = CLOSE_CODE.SERVER_SHUTDOWN;

export interface DrainResult {
  /** Game rooms closed after their round ended (or that were between rounds). */
  finished: number;
  /** Game rooms still in a round when the drain time ran out (closed by the shutdown). */
  cut: number;
  ms: number;
}

const phaseOf = (room: Room): string | undefined => {
  const phase = (room.state as { phase?: unknown } | undefined)?.phase;
  return typeof phase === "string" ? phase : undefined;
};

/**
 * How long a room stays open once its round is over, so the last state (the result) reaches every player
 * before the close: patches follow some steps, not all, and players should see the podium they earned.
 */
export const RESULT_VIEW_MS = 1500;

export async function drainRooms(drainMs: number, logger: Logger, everyMs = 200): Promise<DrainResult> {
  const start = performance.now();
  const locked = new Set<string>();
  /** When each room was first seen out of a round. */
  const overSince = new Map<string, number>();
  const closed = new Set<string>();
  let finished = 0;
  for (;;) {
    // Out of the other processes' choice of where to create rooms (the stats are re-published on each change).
    await matchMaker.stats.excludeProcess(matchMaker.processId).catch(() => undefined);
    const listed = await matchMaker.query({ processId: matchMaker.processId }).catch(() => []);
    let playing = 0;
    for (const { roomId } of listed) {
      const room = matchMaker.getLocalRoomById(roomId);
      const phase = room && phaseOf(room);
      if (!room || phase === undefined) continue;
      if (!locked.has(roomId)) {
        locked.add(roomId);
        await room.lock(); // quick play and joins by code skip it from now on
      }
      if (closed.has(roomId)) continue;
      if (phase === "playing") {
        overSince.delete(roomId);
        playing++;
        continue;
      }
      const now = performance.now();
      const since = overSince.get(roomId) ?? now;
      overSince.set(roomId, since);
      if (now - since < RESULT_VIEW_MS && now - start < drainMs) {
        playing++; // still showing its result
        continue;
      }
      closed.add(roomId);
      finished++;
      logger.info({ event: "drain_room_closed", roomId, phase }, "round over; room closed for the shutdown");
      void room.disconnect(SHUTDOWN_CLOSE_CODE);
    }
    const ms = performance.now() - start;
    if (playing === 0 || ms >= drainMs) return { finished, cut: playing, ms };
    await new Promise((resolve) => setTimeout(resolve, Math.min(everyMs, drainMs - ms)));
  }
}
