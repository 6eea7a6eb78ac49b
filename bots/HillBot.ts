/**
 * A headless King of the Hill player: a Bot (chat, errors, inputs, waitFor) attached to a hill
 * room, with the hill's state, its emote message and a steering that runs for the hill.
 */
import { Client, type Room } from "@colyseus/sdk";
import { HILL_CLIENT_MESSAGE, ROOM, SERVER_MESSAGE, type Emote, type Emoted } from "../shared/protocol.js";
import { HillState } from "../shared/schema/hill.js";
import type { Player } from "../shared/schema/state.js";
import type { Position } from "../shared/sim/step.js";
import type { HillRoom } from "../server/hill/HillRoom.js";
import { Bot, type BotOptions, type JoinMode } from "./Bot.js";

/** Straight for the hill's centre (each axis -1, 0 or 1), still once within a few units of it. */
export function towardHill(me: Position, hill: Position): { dx: number; dy: number } {
  const axis = (d: number) => (Math.abs(d) < 8 ? 0 : Math.sign(d));
  return { dx: axis(hill.x - me.x), dy: axis(hill.y - me.y) };
}

export class HillBot {
  /** Every `emoted` event this bot saw (its own included). */
  readonly emotes: Emoted[] = [];

  private constructor(
    /** The generic bot: chats, errors, inputs, waitFor, leave. */
    readonly bot: Bot,
    readonly room: Room<HillRoom, HillState>,
  ) {
    room.onMessage(SERVER_MESSAGE.EMOTED, (e: Emoted) => this.emotes.push(e));
  }

  /** Joins a hill room (quick play, create or by id) and resolves once the bot sees itself in the state. */
  static async join(url: string, mode: JoinMode = { kind: "quick" }, options: BotOptions = {}, timeoutMs = 5000): Promise<HillBot> {
    const { reconnectImmediately, ...joinOptions } = options;
    const client = new Client(url);
    const room =
      mode.kind === "quick"
        ? await client.joinOrCreate<HillRoom>(ROOM.HILL, joinOptions, HillState)
        : mode.kind === "create"
          ? await client.create<HillRoom>(ROOM.HILL, joinOptions, HillState)
          : await client.joinById<HillRoom>(mode.roomId, joinOptions, HillState);
    if (reconnectImmediately) room.reconnection.minUptime = 0;
    const hillBot = new HillBot(Bot.attach(room as unknown as Room), room as Room<HillRoom, HillState>);
    await hillBot.bot.waitFor(() => hillBot.me !== undefined, timeoutMs, "own player in state");
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
    return this.room.state?.players?.get(this.room.sessionId);
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
  emote(emote: Emote | unknown): Promise<unknown> {
    return this.room.request(HILL_CLIENT_MESSAGE.EMOTE, { emote } as { emote: Emote });
  }

  leave(): Promise<void> {
    return this.bot.leave();
  }
}
