import { RoomPlugin, type Client } from "@colyseus/core";
import { CLIENT_MESSAGE, SERVER_MESSAGE } from "../../../shared/protocol.js";
import type { Metrics } from "../../metrics.js";
import { globalChatHandler, globalChatSinceHandler, type ChatContext } from "../chat/chatHandlers.js";
import type { GlobalChat } from "../chat/GlobalChat.js";
import { pluginOf, senderOf } from "./pluginOf.js";
import { WireGuards } from "./WireGuards.js";

export interface GlobalChatRelayOptions {
  metrics: Metrics;
  /** The process's global chat (every room and lobby of every process, through presence). */
  globalChat: GlobalChat;
  /** A client's display name, from the room's own records. */
  nameOf: (client: Client) => string;
}

/**
 * **Global chat relay.** Connects a room to the global chat: the `globalChat` message (limited per
 * session, per client address and for the whole channel, acknowledged with `{ id, at }`, refused
 * UNAVAILABLE while the store does not answer) and `globalChatSince`; every global message is
 * broadcast to the room's clients as `globalChat`, and each joining client gets
 * `globalChatHistory`. Refusals count as strikes: needs {@link WireGuards} in the same room.
 */
export class GlobalChatRelay extends RoomPlugin {
  override readonly pluginName = "globalChat" as const;
  // After the room's onJoin, as the history always came: the room has set up the player by then.
  protected override readonly order = { onJoin: "after" } as const;
  private stopListening: (() => void) | undefined;
  override readonly messages: {
    [CLIENT_MESSAGE.GLOBAL_CHAT]: ReturnType<typeof globalChatHandler>;
    [CLIENT_MESSAGE.GLOBAL_CHAT_SINCE]: ReturnType<typeof globalChatSinceHandler>;
  };

  constructor(private readonly options: GlobalChatRelayOptions) {
    super();
    const context: ChatContext = {
      metrics: options.metrics,
      nameOf: options.nameOf,
      senderOf,
      strike: (client, type) => pluginOf(this.room, WireGuards, "GlobalChatRelay").strike(client, type),
    };
    this.messages = {
      [CLIENT_MESSAGE.GLOBAL_CHAT]: globalChatHandler(context, options.globalChat),
      [CLIENT_MESSAGE.GLOBAL_CHAT_SINCE]: globalChatSinceHandler(context, options.globalChat),
    };
  }

  protected override onCreate(): void {
    this.stopListening = this.options.globalChat.listen((m) => this.room.broadcast(SERVER_MESSAGE.GLOBAL_CHAT, m));
  }

  protected override onJoin(client: Client): void {
    client.send(SERVER_MESSAGE.GLOBAL_CHAT_HISTORY, this.options.globalChat.history());
  }

  protected override onLeave(client: Client): void {
    this.options.globalChat.policy.forget(client.sessionId);
    this.options.globalChat.replies.forget(client.sessionId);
  }

  protected override onDispose(): void {
    this.stopListening?.();
  }
}
