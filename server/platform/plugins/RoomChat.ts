import { RoomPlugin, type Client } from "@colyseus/core";
import { CLIENT_MESSAGE, SERVER_MESSAGE } from "../../../shared/protocol.js";
import type { AbuseLimits } from "../../config.js";
import type { Metrics } from "../../metrics.js";
import { roomChatHandler, roomChatSinceHandler, type ChatContext } from "../chat/chatHandlers.js";
import { ChatLog } from "../chat/chatLog.js";
import { ChatPolicy } from "../chat/chatPolicy.js";
import type { ReplyBudget } from "../chat/replyBudget.js";
import { pluginOf, senderOf } from "./pluginOf.js";
import { WireGuards } from "./WireGuards.js";

export interface RoomChatOptions {
  metrics: Metrics;
  /** Chat rate, duplicate window and length limits. */
  limits: AbuseLimits;
  /** Messages kept for history and catch-up. */
  historySize: number;
  /** Reply budget that `chatSince` answers are charged to (shared with the global chat's). */
  replies: ReplyBudget;
  /** A client's display name, from the room's own records. */
  nameOf: (client: Client) => string;
}

/**
 * **Room chat.** The `chat` message (vetted by the chat policy, acknowledged with `{ id, at }`,
 * broadcast as `chat`, kept in a log of `historySize`) and `chatSince` (the messages after an id,
 * within the client's reply budget); each joining client gets `chatHistory`. Refusals are answered
 * and count as strikes: needs {@link WireGuards} in the same room.
 */
export class RoomChat extends RoomPlugin {
  override readonly pluginName = "roomChat" as const;
  // After the room's onJoin, as the history always came: the room has set up the player by then.
  protected override readonly order = { onJoin: "after" } as const;
  private readonly log: ChatLog;
  private readonly policy: ChatPolicy;
  override readonly messages: {
    [CLIENT_MESSAGE.CHAT]: ReturnType<typeof roomChatHandler>;
    [CLIENT_MESSAGE.CHAT_SINCE]: ReturnType<typeof roomChatSinceHandler>;
  };

  constructor(options: RoomChatOptions) {
    super();
    this.log = new ChatLog(options.historySize);
    this.policy = new ChatPolicy(options.limits);
    const context: ChatContext = {
      metrics: options.metrics,
      nameOf: options.nameOf,
      senderOf,
      strike: (client, type) => pluginOf(this.room, WireGuards, "RoomChat").strike(client, type),
    };
    this.messages = {
      [CLIENT_MESSAGE.CHAT]: roomChatHandler(context, this.policy, this.log, (m) => this.room.broadcast(SERVER_MESSAGE.CHAT, m)),
      [CLIENT_MESSAGE.CHAT_SINCE]: roomChatSinceHandler(context, this.log, options.replies),
    };
  }

  protected override onJoin(client: Client): void {
    client.send(SERVER_MESSAGE.CHAT_HISTORY, this.log.since());
  }

  protected override onLeave(client: Client): void {
    this.policy.forget(client.sessionId);
  }
}
