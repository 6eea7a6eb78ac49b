/**
 * A headless King of the Hill player: a Bot (chat, errors, inputs, waitFor) attached to a hill
 * room, with the hill's state, its emote message and a steering that runs for the hill.
 */
import { Client, type Room } from "@colyseus/sdk";
import { joinRoom, selfIn, waitForSelf } from "../game-client/net/join.js";
import { protocolRoom } from "../game-client/net/protocolRoom.js";
import { HILL_CLIENT_MESSAGE, ROOM, SERVER_MESSAGE, type Emoted, type HillClientMessages } from "../shared/protocol.js";
import { HillState } from "../shared/schema/hill.js";
import type { Player } from "../shared/schema/state.js";
import type { Position } from "../shared/sim/step.js";
import { Bot, type BotOptions, type JoinMode } from "./Bot.js";
import { towardHill } from "./steering.js";

export { towardHill } from "./steering.js";

export class HillBot {
  /** Every `emoted` event this bot saw (its own included). */
  readonly emotes: Emoted[] = [];

  private constructor(
    /** The generic bot: chats, errors, inputs, waitFor, leave. */
    readonly bot: Bot<HillState>,
    readonly room: Room<unknown, HillState>,
  ) {
    protocolRoom(room).onMessage(SERVER_MESSAGE.EMOTED, (e) => this.emotes.push(e));
  }

  /** Joins a hill room (quick play, create or by id) and resolves once the bot sees itself in the state. */
  static async join(url: string, mode: JoinMode = { kind: "quick" }, options: BotOptions = {}, timeoutMs = 5000): Promise<HillBot> {
    const { reconnectImmediately, ...joinOptions } = options;
    const room = await joinRoom(new Client(url), ROOM.HILL, mode, joinOptions, HillState);
    if (reconnectImmediately) room.reconnection.minUptime = 0;
    const hillBot = new HillBot(Bot.attach(room), room);
    await waitForSelf(room, timeoutMs);
    return hillBot;
  }

  get sessionId(): string {
    return this.room.sessionId;
  }
  get roomId(): string {
    return this.room.roomId;
  }
  get state(): HillState {
    return this.room.state;
  }
  get me(): Player | undefined {
    return selfIn(this.room);
  }

  /** Resolves when `predicate` holds, checked on every state patch; rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs = 5000, label = "condition"): Promise<void> {
    return this.bot.waitFor(predicate, timeoutMs, label);
  }

  /** Runs for the hill, one input per tick, following it when it moves. */
  climb(): void {
    this.bot.drive((me) => towardHill(me, this.state.hill));
  }

  /** Sends an emote as a request: resolves when accepted, rejects with the server's `{ code, message }` reason. */
  emote(emote: unknown): Promise<undefined> {
    return protocolRoom<HillClientMessages>(this.room).requestUnchecked(HILL_CLIENT_MESSAGE.EMOTE, { emote });
  }

  leave(): Promise<void> {
    return this.bot.leave();
  }
}
