import { matchMaker, type ServerOptions } from "@colyseus/core";
import { ROOM } from "../../shared/protocol.js";

/**
 * Each process hosts its own lobby room (the listing it shows is global through presence), so a
 * lobby client connected to process A never loses its lobby when process B dies. Two hooks:
 * lobby rooms are created on the process that received the request (below), and a lobby join
 * request is filtered to lobbies of that process (`filterBy(["processId"])` on the lobby definition,
 * with the processId added by matchmakeGuard.ts).
 */
export const selectProcessForRoom: NonNullable<ServerOptions["selectProcessIdToCreateRoom"]> = async (roomName: string) => {
  if (roomName === ROOM.LOBBY) return matchMaker.processId;
  // Colyseus' default for everything else: the process hosting the fewest rooms.
  const stats = await matchMaker.stats.fetchAll();
  return stats.sort((a, b) => a.roomCount - b.roomCount)[0]?.processId ?? matchMaker.processId;
};
