import { LobbyRoom, type Client, type RoomException } from "@colyseus/core";
import { CLIENT_MESSAGE, LobbyJoinOptions, SERVER_MESSAGE, cleanName, isValidName } from "../../shared/protocol.js";
import { globalChatHandler, globalChatSinceHandler, type ChatContext } from "./chatHandlers.js";
import type { RoomDeps } from "./deps.js";
import { MessageGuard } from "./MessageGuard.js";
import { dropSlowClients } from "./slowClients.js";

/**
 * Colyseus' LobbyRoom (live listing of public rooms) plus the global chat, so players can talk
 * before joining a game. Join options: `{ name?, filter? }`. A malformed message is answered and
 * logged instead of escaping and taking the process down.
 */
export class ArenaLobbyRoom extends LobbyRoom {
  static deps: RoomDeps;

  private readonly deps = (this.constructor as typeof ArenaLobbyRoom).deps;
  private readonly names = new Map<string, string>();
  private readonly guard = new MessageGuard(this.deps.logger, this.deps.metrics, this.deps.limits, () => this.roomId);
  private readonly chatContext: ChatContext = {
    metrics: this.deps.metrics,
    nameOf: (client) => this.names.get(client.sessionId) ?? "?",
    strike: (client, type) => this.guard.strike(client, type),
  };
  private stopGlobalChat: (() => void) | undefined;

  override async onCreate(options: unknown) {
    await super.onCreate(options);
    // LobbyRoom registers its own `filter` handler in onCreate; ours are added beside it.
    this.onMessage(CLIENT_MESSAGE.GLOBAL_CHAT, globalChatHandler(this.chatContext, this.deps.globalChat));
    this.onMessage(CLIENT_MESSAGE.GLOBAL_CHAT_SINCE, globalChatSinceHandler(this.chatContext, this.deps.globalChat));
    this.onMessage("*", (client: Client, type: string | number) => this.guard.unknown(client, type));
    dropSlowClients(this, this.deps.limits.maxBufferedBytes, (client, bufferedBytes) => {
      this.deps.metrics.rejected.inc({ reason: "SLOW_CONSUMER" });
      this.deps.logger.warn({ event: "slow_client_dropped", roomId: this.roomId, sessionId: client.sessionId, bufferedBytes }, "slow client dropped");
    });
    this.stopGlobalChat = this.deps.globalChat.listen((m) => this.broadcast(SERVER_MESSAGE.GLOBAL_CHAT, m));
  }

  override onAuth(_client: Client, options: unknown) {
    // Lenient: a lobby visitor with odd options still gets the list, under the name "Guest".
    const parsed = LobbyJoinOptions.safeParse(options ?? {});
    const name = parsed.success && parsed.data.name !== undefined ? cleanName(parsed.data.name) : "";
    return { name: isValidName(name) ? name : "Guest", filter: parsed.success ? parsed.data.filter : undefined };
  }

  override async onJoin(client: Client, _options: unknown, auth?: { name: string; filter?: LobbyJoinOptions["filter"] }) {
    // Only the validated filter reaches LobbyRoom.
    super.onJoin(client as Parameters<LobbyRoom["onJoin"]>[0], auth?.filter ? { filter: auth.filter } : {});
    this.names.set(client.sessionId, auth?.name ?? "Guest");
    client.send(SERVER_MESSAGE.GLOBAL_CHAT_HISTORY, this.deps.globalChat.history());
  }

  override onLeave(client: Client) {
    super.onLeave(client as Parameters<LobbyRoom["onLeave"]>[0]);
    this.names.delete(client.sessionId);
    this.guard.forget(client.sessionId);
  }

  override onDispose() {
    super.onDispose();
    this.stopGlobalChat?.();
  }

  override onUncaughtException(error: RoomException, method: string) {
    this.deps.logger.warn({ event: "lobby_exception", roomId: this.roomId, method, err: error.cause ?? error }, "lobby exception");
  }
}

export function arenaLobbyRoom(deps: RoomDeps): typeof ArenaLobbyRoom {
  return class extends ArenaLobbyRoom {
    static override deps = deps;
  };
}
