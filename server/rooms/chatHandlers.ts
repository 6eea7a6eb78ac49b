import type { Client, MessageContext } from "@colyseus/core";
import { CLIENT_MESSAGE, ChatRequest, ChatSinceRequest, ERROR_CODE, type ChatAccepted, type ChatMessage, type ProtocolError } from "../../shared/protocol.js";
import type { ChatLog } from "../chat/chatLog.js";
import type { ChatPolicy } from "../chat/chatPolicy.js";
import type { GlobalChat } from "../chat/GlobalChat.js";
import type { Metrics } from "../metrics.js";
import { checked, refuse } from "./checked.js";

export interface ChatContext {
  metrics: Metrics;
  /** Display name of a client, from the server's own records. */
  nameOf: (client: Client) => string;
  /** Counts a refused message against the sender. */
  strike: (client: Client, reason: string) => void;
}

/** `chat`: room chat, acknowledged with `{ id, at }`, broadcast to the room, kept in its log. */
export function roomChatHandler(ctx: ChatContext, policy: ChatPolicy, log: ChatLog, broadcast: (m: ChatMessage) => void) {
  return checked(
    ChatRequest,
    (client: Client, msg, mctx: MessageContext) => {
      ctx.metrics.messages.inc({ type: CLIENT_MESSAGE.CHAT });
      const vetted = policy.vet(client.sessionId, msg.text);
      if (!vetted.ok) return refused(ctx, client, mctx, vetted.error, CLIENT_MESSAGE.CHAT);
      const entry = log.append({ from: client.sessionId, name: ctx.nameOf(client), text: vetted.text, at: Date.now() });
      broadcast(entry);
      ctx.metrics.chat.inc({ channel: "room" });
      return { id: entry.id, at: entry.at } satisfies ChatAccepted;
    },
    (client, type) => invalid(ctx, client, type),
    CLIENT_MESSAGE.CHAT,
  );
}

/** `globalChat`: stored and published through presence; every room and the lobby fan it out. */
export function globalChatHandler(ctx: ChatContext, chat: GlobalChat) {
  return checked(
    ChatRequest,
    async (client: Client, msg, mctx: MessageContext) => {
      ctx.metrics.messages.inc({ type: CLIENT_MESSAGE.GLOBAL_CHAT });
      const vetted = chat.policy.vet(client.sessionId, msg.text);
      if (!vetted.ok) return refused(ctx, client, mctx, vetted.error, CLIENT_MESSAGE.GLOBAL_CHAT);
      try {
        const entry = await chat.post({ from: client.sessionId, name: ctx.nameOf(client), text: vetted.text, at: Date.now() });
        ctx.metrics.chat.inc({ channel: "global" });
        return { id: entry.id, at: entry.at } satisfies ChatAccepted;
      } catch {
        ctx.metrics.rejected.inc({ reason: ERROR_CODE.UNAVAILABLE });
        return refuse(client, mctx, { code: ERROR_CODE.UNAVAILABLE, message: "Global chat is unavailable; try again." }, CLIENT_MESSAGE.GLOBAL_CHAT);
      }
    },
    (client, type) => invalid(ctx, client, type),
    CLIENT_MESSAGE.GLOBAL_CHAT,
  );
}

/** `chatSince`: room messages after a given id, so a reconnecting player misses nothing kept. */
export function roomChatSinceHandler(ctx: ChatContext, log: ChatLog) {
  return checked(ChatSinceRequest, (_client: Client, msg) => log.since(msg.afterId), (client, type) => invalid(ctx, client, type), CLIENT_MESSAGE.CHAT_SINCE);
}

/** `globalChatSince`: global messages after a given id. */
export function globalChatSinceHandler(ctx: ChatContext, chat: GlobalChat) {
  return checked(ChatSinceRequest, (_client: Client, msg) => chat.since(msg.afterId), (client, type) => invalid(ctx, client, type), CLIENT_MESSAGE.GLOBAL_CHAT_SINCE);
}

/** A refusal is answered, counted, and counts against the sender (sustained abuse ends in a kick). */
function refused(ctx: ChatContext, client: Client, mctx: MessageContext, error: ProtocolError, type: string) {
  ctx.metrics.rejected.inc({ reason: error.code });
  const reply = refuse(client, mctx, error, type);
  ctx.strike(client, type);
  return reply;
}

function invalid(ctx: ChatContext, client: Client, type: string) {
  ctx.metrics.rejected.inc({ reason: ERROR_CODE.INVALID_PAYLOAD });
  ctx.strike(client, type);
}
