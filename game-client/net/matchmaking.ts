import { Client, type Room } from "@colyseus/sdk";
import { cleanName, normalizeRoomCode } from "../../shared/protocol.js";
import type { ArenaState } from "../../shared/schema/state.js";
import { joinRoom, type JoinMode } from "./join.js";
import { JoinError, describeJoinError } from "./joinErrors.js";
import { GAME_MODES, type GameMode } from "./modes.js";
import { rejoinAfterRestart, type Rejoined } from "./rejoin.js";
import { resolveServerUrl } from "./serverUrl.js";
import { GameSession } from "./session.js";

/** Quick play or create pick a game mode; a code names a room of whichever mode it is. */
export type JoinRequest =
  | { kind: "quick"; mode: GameMode }
  | { kind: "create"; mode: GameMode; private: boolean }
  /** `mode` when known (a listed room); a typed code may be either. */
  | { kind: "code"; code: string; mode?: GameMode }
  /** Watch a room without a seat (`spectate: true`): a listed room's Watch button, or a typed code. */
  | { kind: "watch"; code: string; mode?: GameMode };

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
 * Joins a game room (quick play, create public/private, or by code) and resolves once our
 * player is in the synchronized state. Failures reject with a JoinError a player can read.
 */
export async function joinGame(request: JoinRequest, rawName: string): Promise<GameSession> {
  const name = cleanName(rawName);
  const options = name ? { name } : {};
  let code: string | undefined;
  if (request.kind === "code" || request.kind === "watch") {
    code = normalizeRoomCode(request.code) ?? undefined;
    if (!code) throw new JoinError("invalid_code", "A room code is 6 letters or digits, like K7QM3P.");
  }
  const mode: JoinMode = code !== undefined ? { kind: "id", roomId: code } : { kind: request.kind === "create" ? "create" : "quick" };
  // A typed code may name a room of either mode: its state is then decoded from the server's reflection.
  const game = request.mode ? GAME_MODES[request.mode] : { room: GAME_MODES.arena.room, State: undefined };
  let room: Room<unknown, ArenaState>;
  try {
    const joinOptions = request.kind === "create" ? { ...options, private: request.private } : request.kind === "watch" ? { ...options, spectate: true } : options;
    room = (await joinRoom(sdkClient(), game.room, mode, joinOptions, game.State as never)) as Room<unknown, ArenaState>;
  } catch (err) {
    throw describeJoinError(err, code, request.kind === "watch");
  }
  // Synchronously after the join resolves, so no early message (chat history) is missed.
  const session = new GameSession(room, {
    createdPrivate: request.kind === "create" && request.private,
    spectating: request.kind === "watch",
    name,
    joinedByCode: request.kind === "code",
  });
  try {
    await session.waitUntilReady();
  } catch (err) {
    await session.leave();
    throw new JoinError("unknown", (err as Error).message);
  }
  return session;
}

/**
 * After the server closed `closed`'s room for a restart (4001): a room on another process, by the same code when we had
 * joined by code and that room still answers, else quick play in the same game under the same name (net/rejoin.ts:
 * bounded retries with backoff and jitter; the page's matchmaking address is the load balancer's, which sends each
 * try to a process that is up). Rejects with RejoinFailed; `signal` stops it (the player went to the lobby).
 */
export function rejoinGame(closed: GameSession, signal?: AbortSignal): Promise<Rejoined<GameSession>> {
  const { mode } = closed;
  return rejoinAfterRestart(
    { roomId: closed.roomId, byCode: closed.info.joinedByCode },
    async (how) => {
      const session = await joinGame(how.kind === "id" ? { kind: "code", code: how.roomId, mode } : { kind: "quick", mode }, closed.info.name);
      if (signal?.aborted) {
        await session.leave();
        throw new JoinError("unknown", "rejoin cancelled");
      }
      return session;
    },
    undefined,
    { signal },
  );
}

/** A watcher takes a seat in the room it watches: leaves as a spectator, joins the same room as a player. */
export async function switchToPlaying(watching: GameSession): Promise<GameSession> {
  const { roomId, mode } = watching;
  await watching.leave();
  return joinGame({ kind: "code", code: roomId, mode }, watching.info.name);
}
