/**
 * Chat catch-up after a reconnection: the messages of one channel with an id above the highest
 * one seen, asked with `chatSince` / `globalChatSince`. Shared by the browser's chat channels
 * (net/chat.ts) and the bots.
 */
import { CLIENT_MESSAGE, type ChatMessage } from "../../shared/protocol.js";
import { protocolRoom, type AnyRoom } from "./protocolRoom.js";

export type SinceRequest = typeof CLIENT_MESSAGE.CHAT_SINCE | typeof CLIENT_MESSAGE.GLOBAL_CHAT_SINCE;

/** The channel's messages after `afterId`, oldest first; none when the request fails (the live stream goes on). */
export async function chatSince(room: AnyRoom, type: SinceRequest, afterId: number): Promise<ChatMessage[]> {
  let list: unknown;
  try {
    list = await protocolRoom(room).request(type, { afterId });
  } catch {
    return [];
  }
  return Array.isArray(list) ? [...(list as ChatMessage[])].sort((a, b) => a.id - b.id) : [];
}

/** The highest message id in `lists` (0 when empty): where a catch-up starts. */
export function lastChatId(...lists: ReadonlyArray<readonly ChatMessage[]>): number {
  let max = 0;
  for (const list of lists) for (const m of list) if (m.id > max) max = m.id;
  return max;
}
