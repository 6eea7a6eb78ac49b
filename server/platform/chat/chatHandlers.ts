import type { Client, MessageContext } from "@colyseus/core";
import { CLIENT_MESSAGE, ChatRequest, ChatSinceRequest, ERROR_CODE, type ChatAccepted, type ChatMessage, type ProtocolError } from "../../../shared/protocol.js";
import type { ChatLog } from "./chatLog.js";
import type { ChatPolicy, Sender } from "./chatPolicy.js";
import type { GlobalChat } from "./GlobalChat.js";
import { replyBytes, type ReplyBudget } from "./replyBudget.js";
import type { Metrics } from "../../metrics.js";
import { checked, refuse } from "./checked.js";

export interface ChatContext {
  metrics: Metrics;
  /** Display name of a client, from the server's own records. */
  nameOf: (client: Client) => string;
  /** Session and client address of a client, from its join. */
  senderOf: (client: Client) => Sender;
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

/** `globalChat`: limited per session, per client address and for the whole channel; stored and published through presence. */
export function globalChatHandler(ctx: ChatContext, chat: GlobalChat) {
  return checked(
    ChatRequest,
    async (client: Client, msg, mctx: MessageContext) => {
      ctx.metrics.messages.inc({ type: CLIENT_MESSAGE.GLOBAL_CHAT });
      const vetted = chat.policy.vet(ctx.senderOf(client), msg.text);
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
export function roomChatSinceHandler(ctx: ChatContext, log: ChatLog, budget: ReplyBudget) {
  return budgetedList(ctx, budget, ChatSinceRequest, CLIENT_MESSAGE.CHAT_SINCE, (_client, msg) => log.since(msg.afterId));
}

/** `globalChatSince`: global messages after a given id. */
export function globalChatSinceHandler(ctx: ChatContext, chat: GlobalChat) {
  return budgetedList(ctx, chat.replies, ChatSinceRequest, CLIENT_MESSAGE.GLOBAL_CHAT_SINCE, (_client, msg) => chat.since(msg.afterId));
}

/**
 * A request answered with a list, within the client's reply budget: refused (RATE_LIMITED, a
 * strike) before any work while the budget is spent; otherwise built, charged its size, returned.
 * `send`, when given, delivers the list as a message instead of the request's reply.
 */
export function budgetedList<T, R>(
  ctx: ChatContext,
  budget: ReplyBudget,
  format: Parameters<typeof checked<T, unknown>>[0],
  type: string,
  build: (client: Client, message: T) => R,
  send?: (client: Client, reply: R) => void,
) {
  return checked(
    format,
    (client: Client, msg: T, mctx: MessageContext) => {
      const sender = ctx.senderOf(client);
      const refusal = budget.refusal(sender);
      if (refusal) return refused(ctx, client, mctx, refusal, type);
      const reply = build(client, msg);
      budget.charge(sender, replyBytes(reply));
      if (!send) return reply;
      send(client, reply);
      return undefined;
    },
    (client, t) => invalid(ctx, client, t),
    type,
  );
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
