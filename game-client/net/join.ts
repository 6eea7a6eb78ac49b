/**
 * Joining a game room and waiting for its first state: the part of a client the browser's
 * session (net/matchmaking.ts) and the headless bots (bots/Bot.ts) share.
 */
import type { Client, Room } from "@colyseus/sdk";
import type { JoinOptions, RoomName } from "../../shared/protocol.js";
import type { AnyRoom } from "./protocolRoom.js";

/** The schema class a room's state is decoded as. */
export type StateClass<S> = new (...args: any[]) => S;

/** Quick play (join a public room with a seat, or create one), create a room, or join one by id (its code). */
export type JoinMode = { kind: "quick" } | { kind: "create" } | { kind: "id"; roomId: string };

/** Joins a room of `roomName` the `mode` way; its state is decoded as `State` (without it: from the server's reflection). */
export function joinRoom<S>(client: Client, roomName: RoomName, mode: JoinMode, options: JoinOptions, State?: StateClass<S>): Promise<Room<unknown, S>> {
  if (mode.kind === "quick") return client.joinOrCreate(roomName, options, State);
  if (mode.kind === "create") return client.create(roomName, options, State);
  return client.joinById(mode.roomId, options, State);
}

/** Resolves when `predicate` holds, checked now and on every state patch; rejects after `timeoutMs`. */
export function waitForState(room: AnyRoom, predicate: () => boolean, timeoutMs = 5000, label = "condition"): Promise<void> {
  if (holds(predicate)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!holds(predicate)) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${label}`));
    }, timeoutMs);
    room.onStateChange(check);
    const cleanup = () => {
      clearTimeout(timer);
      room.onStateChange.remove(check);
    };
  });
}

/** Our own player in a game room's state (present one round trip after the join resolves). */
export function selfIn<P, S extends { players?: { get(sessionId: string): P | undefined } }>(room: Room<unknown, S>): P | undefined {
  return room.state?.players?.get(room.sessionId);
}

/** Resolves once our own player is in the synchronized state. */
export function waitForSelf<S extends { players?: { get(sessionId: string): unknown } }>(room: Room<unknown, S>, timeoutMs = 5000): Promise<void> {
  return waitForState(room, () => selfIn(room) !== undefined, timeoutMs, "own player in state");
}

/** A predicate that throws (state not there yet) does not hold. */
function holds(predicate: () => boolean): boolean {
  try {
    return predicate();
  } catch {
    return false;
  }
}
