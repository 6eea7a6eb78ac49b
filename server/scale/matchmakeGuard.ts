import { matchMaker, ServerError } from "@colyseus/core";
import { JOIN_ERROR, ROOM } from "../../shared/protocol.js";

/**
 * Wraps Colyseus' matchmaking entry (every HTTP join/create goes through it):
 * - options that are not a plain object are refused with INVALID_OPTIONS (Colyseus itself
 *   answers a `null` body with an internal error);
 * - a lobby join is filtered to the lobby of the process that received it (see localLobby.ts).
 */
export function guardMatchmaking(): void {
  const controller = matchMaker.controller as typeof matchMaker.controller & { __guarded?: boolean };
  if (controller.__guarded) return;
  controller.__guarded = true;
  const invoke = controller.invokeMethod.bind(controller);
  controller.invokeMethod = async (method, roomName, clientOptions = {}, authOptions) => {
    if (clientOptions === null || typeof clientOptions !== "object" || Array.isArray(clientOptions)) {
      throw new ServerError(JOIN_ERROR.INVALID_OPTIONS, "INVALID_OPTIONS: options must be an object.");
    }
    const options = roomName === ROOM.LOBBY ? { ...clientOptions, processId: matchMaker.processId } : clientOptions;
    return invoke(method, roomName, options, authOptions);
  };
}
