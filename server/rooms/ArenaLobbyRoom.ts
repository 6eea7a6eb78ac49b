import { LobbyRoom, type RoomException } from "@colyseus/core";
import type { Logger } from "../logger.js";

/**
 * Colyseus' LobbyRoom (live listing of public rooms) with one addition: an exception from a
 * malformed `filter` message is logged instead of escaping and taking the process down.
 */
export class ArenaLobbyRoom extends LobbyRoom {
  static logger: Logger;

  override onUncaughtException(error: RoomException, method: string) {
    (this.constructor as typeof ArenaLobbyRoom).logger.warn({ event: "lobby_exception", method, err: error.cause ?? error }, "lobby exception");
  }
}

export function arenaLobbyRoom(logger: Logger): typeof ArenaLobbyRoom {
  return class extends ArenaLobbyRoom {
    static override logger = logger;
  };
}
