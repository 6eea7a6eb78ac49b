import { RoomPlugin } from "@colyseus/core";
import type { MoveIntent } from "../../../shared/sim/step.js";
import type { Logger } from "../../logger.js";
import { BotInputs } from "../seats/botInputs.js";
import { humansIn } from "../seats/seatCounts.js";

/** A bot's player as the plugin sees it (the room's schema Player). */
export interface BotSeat {
  bot: boolean;
}

export interface SeatFillingBotsOptions<P extends BotSeat> {
  logger: Logger;
  /** Fill up to this many players while a human is in the room (BOT_FILL; 0 = off). */
  fill: number;
  /** The room's players (the state's map). */
  players: Map<string, P>;
  /** The `n`-th bot's player, `bot: true`, named as a bot (the room's own spawn). */
  spawn: (n: number) => P;
  /** Seats and unseats a player the room's way (state + input budget). */
  seat: (sessionId: string, player: P) => void;
  unseat: (sessionId: string) => void;
  /** The room's steering: one input for a bot from its player (the Bot library's logic). */
  steer: (me: P) => MoveIntent;
  /** Called after bots were seated or unseated (the listing counts). */
  changed?: () => void;
}

/**
 * **Seat-filling bots.** A room with at least one human and fewer than `fill` players is topped up
 * with server bots; a bot steps aside as soon as a human joins (so humans + bots ≤ max(humans,
 * fill)), and when the last human leaves the bots go too. Bots are players in the state with `bot:
 * true`, not clients: each step {@link steer} queues one input per bot ({@link inputsOf} is their
 * input queue), and the room's tick applies it through the same input budget and shared step as a
 * human's. Bots never chat. Seat changes follow the room's joins and leaves (after its own hooks).
 */
export class SeatFillingBots<P extends BotSeat> extends RoomPlugin {
  override readonly pluginName = "bots" as const;
  protected override readonly order = { onJoin: "after", onLeave: "after" } as const;
  private readonly queues = new Map<string, BotInputs>();
  private made = 0;

  constructor(private readonly options: SeatFillingBotsOptions<P>) {
    super();
  }

  /** A bot's input queue; undefined for anyone else (a client's is Colyseus'). */
  inputsOf(sessionId: string): BotInputs | undefined {
    return this.queues.get(sessionId);
  }

  /** Queues this step's input for every bot (call once per step, before the tick). */
  steer(): void {
    for (const [sessionId, queue] of this.queues) {
      const me = this.options.players.get(sessionId);
      if (me) queue.push(this.options.steer(me));
    }
  }

  protected override onJoin(): void {
    this.rebalance();
  }

  protected override onLeave(): void {
    this.rebalance();
  }

  /** Seats or unseats bots until humans + bots = fill (none without a human). */
  private rebalance(): void {
    const { fill, players } = this.options;
    const humans = humansIn({ players, spectators: 0 });
    const wanted = humans === 0 ? 0 : Math.max(0, fill - humans);
    let changed = false;
    while (this.queues.size > wanted) {
      const newest = [...this.queues.keys()].pop()!;
      this.queues.delete(newest);
      this.options.unseat(newest);
      changed = true;
    }
    while (this.queues.size < wanted) {
      const sessionId = `bot-${++this.made}`;
      this.queues.set(sessionId, new BotInputs());
      this.options.seat(sessionId, this.options.spawn(this.made));
      changed = true;
    }
    if (changed) {
      this.options.logger.info({ event: "bots", roomId: this.room.roomId, humans, bots: this.queues.size }, "seat-filling bots changed");
      this.options.changed?.();
    }
  }
}
