import { Client, type Room } from "@colyseus/sdk";
import { ROOM, cleanName, normalizeRoomCode } from "../../shared/protocol.js";
import { ArenaState } from "../../shared/schema/state.js";
import type { ArenaRoom } from "../../server/arena/ArenaRoom.js";
import { JoinError, describeJoinError } from "./joinErrors.js";
import { resolveServerUrl } from "./serverUrl.js";
import { GameSession } from "./session.js";

export type JoinRequest = { kind: "quick" } | { kind: "create"; private: boolean } | { kind: "code"; code: string };

let client: Client | undefined;

/** The page's one SDK client (the only place one is created). */
export function sdkClient(): Client {
  client ??= new Client(
    resolveServerUrl(
      { override: import.meta.env.VITE_SERVER_URL, dev: import.meta.env.DEV, devServerPort: import.meta.env.VITE_GAME_SERVER_PORT },
      window.location,
    ),
  );
  return client;
}

/**
 * Joins an arena room (quick play, create public/private, or by code) and resolves once our
 * player is in the synchronized state. Failures reject with a JoinError a player can read.
 */
export async function joinArena(request: JoinRequest, rawName: string): Promise<GameSession> {
  const name = cleanName(rawName);
  const options = name ? { name } : {};
  let code: string | undefined;
  if (request.kind === "code") {
    code = normalizeRoomCode(request.code) ?? undefined;
    if (!code) throw new JoinError("invalid_code", "A room code is 6 letters or digits, like K7QM3P.");
  }
  let room: Room<ArenaRoom, ArenaState>;
  try {
    const sdk = sdkClient();
    room =
      request.kind === "quick"
        ? await sdk.joinOrCreate<ArenaRoom>(ROOM.ARENA, options, ArenaState)
        : request.kind === "create"
          ? await sdk.create<ArenaRoom>(ROOM.ARENA, { ...options, private: request.private }, ArenaState)
          : await sdk.joinById<ArenaRoom>(code as string, options, ArenaState);
  } catch (err) {
    throw describeJoinError(err, code);
  }
  // Synchronously after the join resolves, so no early message (chat history) is missed.
  const session = new GameSession(room as unknown as Room<unknown, ArenaState>, { createdPrivate: request.kind === "create" && request.private });
  try {
    await session.waitUntilReady();
  } catch (err) {
    await session.leave();
    throw new JoinError("unknown", (err as Error).message);
  }
  return session;
}
