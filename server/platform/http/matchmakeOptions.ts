import { JoinOptions, LobbyJoinOptions, ROOM } from "../../../shared/protocol.js";

/** The option keys each room reads; everything else is dropped before a seat is reserved. */
const ROOM_KEYS: Readonly<Record<string, readonly string[]>> = {
  [ROOM.ARENA]: Object.keys(JoinOptions.shape),
  [ROOM.HILL]: Object.keys(JoinOptions.shape),
  [ROOM.LOBBY]: Object.keys(LobbyJoinOptions.shape),
};
/** `joinById` names a room id, not a room type: any room's keys. */
const ANY_ROOM_KEYS = [...new Set(Object.values(ROOM_KEYS).flat())];
/** What the SDK sends to `reconnect`. */
const RECONNECT_KEYS = ["reconnectionToken"];

/** Top-level option keys kept for a matchmaking call (`/matchmake/<method>/<roomName>`). */
export function matchmakeOptionKeys(method: string, roomName: string): readonly string[] {
  if (method === "reconnect") return RECONNECT_KEYS;
  if (method === "joinById") return ANY_ROOM_KEYS;
  return ROOM_KEYS[roomName] ?? [];
}

/** A copy of `options` with only `keys` (own properties; nothing inherited or prototype-shaped). */
export function pickOptions(options: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(options, key)) kept[key] = options[key];
  return kept;
}
