import type { LobbyRoom } from "@colyseus/core";

/** Colyseus' LobbyRoom message that asks for the room list again under a new filter. */
export const LOBBY_FILTER_MESSAGE = "filter";

/**
 * Runs LobbyRoom's onCreate (`create`) with its own `filter` handler left unregistered, through
 * the public `onMessage`, so the room can register a replacement. Fails loudly if LobbyRoom stops
 * registering exactly one in onCreate (the replacement would then run beside an unbudgeted
 * handler, or the listing would behave differently).
 */
export async function withoutLobbyFilterHandler(room: LobbyRoom, create: () => Promise<void>): Promise<void> {
  const register = room.onMessage;
  let skipped = 0;
  room.onMessage = ((type: string | number, ...rest: unknown[]) => {
    if (type === LOBBY_FILTER_MESSAGE) {
      skipped++;
      return () => undefined;
    }
    return (register as (...args: unknown[]) => () => void).call(room, type, ...rest);
  }) as typeof room.onMessage;
  try {
    await create();
  } finally {
    room.onMessage = register;
  }
  if (skipped !== 1) throw new Error(`LobbyRoom registered ${skipped} "${LOBBY_FILTER_MESSAGE}" handlers in onCreate (expected 1): review server/platform/colyseus/lobbyFilter.ts`);
}
