import { definePlugins, LobbyRoom, type AuthContext, type Client, type RoomException } from "@colyseus/core";
import { LobbyJoinOptions, cleanName, isValidName } from "../../../shared/protocol.js";
import { isReservedName, nameSkeleton, uniqueName } from "../../../shared/names.js";
import { addressOf } from "../chat/chatPolicy.js";
import { budgetedList, type ChatContext } from "../chat/chatHandlers.js";
import { LOBBY_FILTER_MESSAGE, withoutLobbyFilterHandler } from "../colyseus/lobbyFilter.js";
import type { RoomDeps } from "../deps.js";
import { ClientHealth, GlobalChatRelay, WireGuards } from "../plugins/index.js";
import { senderOf } from "../plugins/pluginOf.js";

const LobbyFilter = LobbyJoinOptions.shape.filter;

interface LobbyAuth {
  name: string;
  address: string;
  filter?: LobbyJoinOptions["filter"];
}

/**
 * Colyseus' LobbyRoom (live listing of public rooms) plus the global chat, so players can talk
 * before joining a game. Join options: `{ name?, filter? }`. A malformed message is answered and
 * logged instead of escaping and taking the process down. LobbyRoom's own `filter` handler (which
 * answers any payload with the whole list, as often as asked) is replaced by one that validates the
 * filter and answers within the client's reply budget.
 */
export class ChatLobbyRoom extends LobbyRoom {
  /** Injected by `bindRoom(ChatLobbyRoom, deps)`. */
  static deps: RoomDeps;

  private readonly deps = (this.constructor as typeof ChatLobbyRoom).deps;
  private readonly names = new Map<string, string>();
  private readonly nameOf = (client: Client) => this.names.get(client.sessionId) ?? "?";

  override plugins = definePlugins([
    new WireGuards(this.deps),
    new ClientHealth(this.deps),
    new GlobalChatRelay({ ...this.deps, nameOf: this.nameOf }),
  ]);

  override async onCreate(options: unknown) {
    await withoutLobbyFilterHandler(this, () => super.onCreate(options));
    const context: ChatContext = { metrics: this.deps.metrics, nameOf: this.nameOf, senderOf, strike: (client, type) => this.plugins.wire.strike(client, type) };
    this.onMessage(
      LOBBY_FILTER_MESSAGE,
      budgetedList(
        context,
        this.deps.globalChat.replies,
        LobbyFilter,
        LOBBY_FILTER_MESSAGE,
        (client, filter) => {
          const options = this.clientOptions[client.sessionId];
          if (options) options.filter = filter;
          return this.filterItemsForClient(options ?? { filter });
        },
        (client, rooms) => client.send("rooms", rooms),
      ),
    );
  }

  override onAuth(_client: Client, options: unknown, context?: AuthContext): LobbyAuth {
    // Lenient: a lobby visitor with odd options (or a reserved name) still gets the list, under the name "Guest".
    const parsed = LobbyJoinOptions.safeParse(options ?? {});
    const name = parsed.success && parsed.data.name !== undefined ? cleanName(parsed.data.name) : "";
    const usable = isValidName(name) && !isReservedName(name);
    return { name: usable ? name : "Guest", address: addressOf(context?.ip), filter: parsed.success ? parsed.data.filter : undefined };
  }

  override async onJoin(client: Client, _options: unknown, auth?: LobbyAuth) {
    // Only the validated filter reaches LobbyRoom.
    super.onJoin(client as Parameters<LobbyRoom["onJoin"]>[0], auth?.filter ? { filter: auth.filter } : {});
    const taken = new Set([...this.names.values()].map(nameSkeleton));
    this.names.set(client.sessionId, uniqueName(auth?.name ?? "Guest", taken));
  }

  override onLeave(client: Client) {
    super.onLeave(client as Parameters<LobbyRoom["onLeave"]>[0]);
    this.names.delete(client.sessionId);
  }

  override onUncaughtException(error: RoomException, method: string) {
    this.deps.logger.warn({ event: "lobby_exception", roomId: this.roomId, method, err: error.cause ?? error }, "lobby exception");
  }
}
