import { matchMaker, type Presence } from "@colyseus/core";
import { LOBBY_CHANNEL, lobbyRemoval, PROCESS_CHANNEL_PATTERN, processIdOfChannel } from "../colyseus/channels.js";

/**
 * Finds processes that stopped answering (killed, frozen, cut off) and removes their rooms.
 * Colyseus does this lazily, when a request happens to hit a dead process; this runs on a timer.
 * A process is a suspect when its stats entry has no live IPC channel; Colyseus' own health
 * check then confirms and cleans it up, and we tell every lobby that its rooms are gone.
 * Returns the ids of the rooms removed.
 */
export async function sweepDeadProcesses(presence: Presence): Promise<string[]> {
  const alive = new Set((await presence.channels(PROCESS_CHANNEL_PATTERN)).map(processIdOfChannel));
  const suspects = (await matchMaker.stats.fetchAll()).filter((s) => s.processId !== matchMaker.processId && !alive.has(s.processId));
  const removed: string[] = [];
  for (const { processId } of suspects) {
    const rooms = await matchMaker.query({ processId });
    if (await matchMaker.healthCheckProcessId(processId)) continue;
    for (const room of rooms) {
      await presence.publish(LOBBY_CHANNEL, lobbyRemoval(room.roomId));
      removed.push(room.roomId);
    }
  }
  return removed;
}
