/**
 * Colyseus' names and wire formats on presence (Redis), as @colyseus/core 0.18 writes them:
 * - a request to another process or room is published as `[method, requestId, args]` and answered
 *   on `ipc:<requestId>` (core/IPC);
 * - each process listens on `p:<processId>` (core/MatchMaker getProcessChannel);
 * - LobbyRoom updates go to `$lobby` as `<roomId>,<1 = removed | 0>` (core/matchmaker/Lobby);
 * - each process's room and client counts are kept in the hash `roomcount` (core/Stats);
 * - a request to another process that got no reply in time rejects with `ipc_timeout` (core/IPC).
 */
const PROCESS_CHANNEL_PREFIX = "p:";
export const LOBBY_CHANNEL = "$lobby";
export const STATS_KEY = "roomcount";
export const IPC_TIMEOUT = "ipc_timeout";

/** The channel process `processId` listens on, and the pattern of all of them. */
export const processChannel = (processId: string): string => PROCESS_CHANNEL_PREFIX + processId;
export const PROCESS_CHANNEL_PATTERN = `${PROCESS_CHANNEL_PREFIX}*`;
export const processIdOfChannel = (channel: string): string => channel.slice(PROCESS_CHANNEL_PREFIX.length);

/** The `$lobby` message telling every LobbyRoom that `roomId` is gone. */
export const lobbyRemoval = (roomId: string): string => `${roomId},1`;

/** Whether `channel` is a process's own channel (`p:<processId>`: room creation requests and health checks). */
export const isProcessChannel = (channel: string): boolean => channel.startsWith(PROCESS_CHANNEL_PREFIX);

/**
 * A request to a process to create a room: no method, args `[roomName, clientOptions, restoringRoomId, roomId]`
 * (core/MatchMaker createRoom); a health check has the method "healthcheck".
 */
export function isCreateRoomRequest(data: unknown): boolean {
  return isIpcRequest(data) && (data[0] === null || data[0] === undefined) && Array.isArray(data[2]);
}

/** An IPC request as published: `[method, requestId, args]`. */
export type IpcRequest = [method: unknown, requestId: string, args: unknown];
export function isIpcRequest(data: unknown): data is IpcRequest {
  return Array.isArray(data) && data.length === 3 && typeof data[1] === "string";
}
