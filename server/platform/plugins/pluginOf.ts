import type { Client, Room } from "@colyseus/core";
import type { Sender } from "../chat/chatPolicy.js";
import { addressOf } from "../chat/chatPolicy.js";

/**
 * The plugin of class `type` among `room.plugins`; throws, naming both, when the room did not
 * declare one (a plugin that needs another says so in its TSDoc).
 */
export function pluginOf<T>(room: Room, type: abstract new (...args: never[]) => T, neededBy: string): T {
  const plugins = (room as { plugins?: Record<string, unknown> }).plugins ?? {};
  const found = Object.values(plugins).find((p): p is T => p instanceof type);
  if (!found) throw new Error(`${neededBy} needs a ${type.name} plugin in the same room's plugins`);
  return found;
}

/** Who sent a message: its session, and the client address its join was authenticated from (`auth.address`). */
export function senderOf(client: Client): Sender {
  return { session: client.sessionId, address: (client.auth as { address?: string } | undefined)?.address ?? addressOf(undefined) };
}
