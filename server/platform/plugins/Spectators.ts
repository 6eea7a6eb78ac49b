import { RoomPlugin, type Client, type Room } from "@colyseus/core";
import type { Logger } from "../../logger.js";
import { gateSeatReservations, pendingSeats } from "../colyseus/seatGate.js";
import { humansIn, publishSeats, type SeatedState } from "../seats/seatCounts.js";

export interface SpectatorsOptions {
  logger: Logger;
  /** The room's state: its players (bots marked) and the `spectators` count this plugin keeps. */
  state: SeatedState;
  /** Player seats (humans and server bots). */
  maxPlayers: number;
  /** Spectators admitted besides the players (MAX_SPECTATORS). */
  maxSpectators: number;
}

/** A join asks to watch: `joinById(code, { spectate: true })` (the matchmaker refuses it elsewhere). */
function wantsToWatch(options: unknown): boolean {
  return typeof options === "object" && options !== null && (options as { spectate?: unknown }).spectate === true;
}

/**
 * **Spectators.** Clients that watch a room without a player seat: `maxClients` becomes players +
 * `maxSpectators`, and every seat reservation is counted apart (Colyseus counts all clients alike):
 * a player is refused once the player seats (humans, and reservations not yet joined) are taken, a
 * spectator once `maxSpectators` watch. Spectators get the state and the room chat like anyone, are
 * not in `players`, and their inputs are discarded each step ({@link discardInputs}); the state's
 * `spectators` and the listing metadata (humans, bots, spectators, maxPlayers, seatOpen: quick play
 * joins only rooms with a seat open) are kept current. The room's `onJoin` seats nobody for whom
 * {@link watching} is true.
 */
export class Spectators extends RoomPlugin {
  override readonly pluginName = "spectators" as const;
  // After the room's onCreate (which sets `private` in the metadata) and joins/leaves (which seat and unseat).
  protected override readonly order = { onCreate: "after", onLeave: "after" } as const;
  private readonly watchers = new Set<string>();

  constructor(private readonly options: SpectatorsOptions) {
    super();
  }

  /** True for a client that joined to watch. */
  watching(client: Client | string): boolean {
    return this.watchers.has(typeof client === "string" ? client : client.sessionId);
  }

  /** The display name of a watcher in the room chat: the name it joined with, marked as watching. */
  nameOf(client: Client): string {
    const name = (client.auth as { name?: string | null } | undefined)?.name;
    return `${name ?? "Spectator"} (watching)`;
  }

  /** Throws away whatever inputs watchers sent (call once per step, before the tick). */
  discardInputs(inputs: { get(sessionId: string): { drain(): unknown } }): void {
    for (const sessionId of this.watchers) inputs.get(sessionId).drain();
  }

  /** Re-publishes the listing counts (the bots plugin calls it when it seats or unseats bots). */
  publish(): void {
    publishSeats(this.room as Room, this.options.state, this.options.maxPlayers, this.pendingPlayers());
  }

  protected override onCreate(): void {
    const room = this.room as Room;
    room.maxClients = this.options.maxPlayers + this.options.maxSpectators;
    const gated = gateSeatReservations(room, (joinOptions) => this.admit(joinOptions));
    if (!gated) this.options.logger.error({ event: "internal_missing", internal: "seatReservation", roomId: room.roomId }, "Colyseus' seat reservation not found; player and spectator seats are not counted apart");
    room.clock.setInterval(() => this.publish(), 1000); // expired reservations free their seat
    this.publish();
  }

  protected override onJoin(client: Client, options?: unknown): void {
    queueMicrotask(() => this.publish()); // after the room's onJoin has seated a player
    if (!wantsToWatch(options)) return;
    this.watchers.add(client.sessionId);
    this.options.state.spectators = this.watchers.size;
  }

  protected override onLeave(client: Client): void {
    if (this.watchers.delete(client.sessionId)) this.options.state.spectators = this.watchers.size;
    this.publish();
  }

  /** Called by Colyseus' seat reservation (before the client connects): is there a seat of its kind? */
  private admit(joinOptions: unknown): boolean {
    if (wantsToWatch(joinOptions)) {
      const pending = pendingSeats(this.room as Room).filter(([, o]) => wantsToWatch(o)).length;
      return this.watchers.size + pending < this.options.maxSpectators;
    }
    const admitted = humansIn(this.options.state) + this.pendingPlayers() < this.options.maxPlayers;
    if (admitted) queueMicrotask(() => this.publish()); // the reservation is recorded right after this answer
    return admitted;
  }

  /** Player seats reserved and not yet joined. */
  private pendingPlayers(): number {
    return pendingSeats(this.room as Room).filter(([sessionId, o]) => !wantsToWatch(o) && !this.options.state.players.has(sessionId)).length;
  }
}
