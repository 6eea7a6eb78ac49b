/**
 * One arena room on plain objects, for the baseline servers (Socket.IO and floor): the same
 * rules as Orb Arena's ArenaRoom + server/game/tick.ts, built from the same functions — the
 * shared pure step, the orb rules (OrbField: collect + refill at free spots), the input budget,
 * the round clock and the seeded RNG. Only the state container differs (no schema).
 */
import { INTERMISSION_MS, MAX_PLAYERS_PER_ROOM, ROUND_DURATION_MS } from "../../shared/sim/constants.js";
import { findFreeSpot, type OrbLike } from "../../shared/sim/orbs.js";
import { createRng, type Rng } from "../../shared/sim/rng.js";
import { stepPlayer, type MoveIntent } from "../../shared/sim/step.js";
import { InputBudget } from "../../server/arena/rules/inputBudget.js";
import { OrbField } from "../../server/arena/rules/orbField.js";
import { advanceRound, type RoundEvent } from "../../server/arena/rules/round.js";

/** Inputs kept per player beyond what the budget lets through (older ones are dropped). */
const MAX_QUEUED_INPUTS = 32;

export interface PlainPlayer {
  id: string;
  /** 0..15, stable while the player is in the room (used by the floor's wire format). */
  slot: number;
  name: string;
  x: number;
  y: number;
  score: number;
  hue: number;
  connected: boolean;
}

export interface PlainOrb extends OrbLike {
  id: string;
}

interface Seat {
  player: PlainPlayer;
  budget: InputBudget;
  queue: MoveIntent[];
}

export class ArenaWorld {
  readonly players = new Map<string, PlainPlayer>();
  readonly orbs = new Map<string, PlainOrb>();
  phase = "waiting";
  round = 0;
  phaseEndsAt = 0;
  /** Room clock, ms since creation (advanced by `step`). */
  elapsedMs = 0;
  private readonly seats = new Map<string, Seat>();
  private readonly rng: Rng;
  private readonly field: OrbField;
  private joins = 0;
  private orbIds = 0;

  constructor(
    readonly roomId: string,
    seed: number,
    private readonly timing = { roundMs: ROUND_DURATION_MS, intermissionMs: INTERMISSION_MS },
  ) {
    this.rng = createRng(seed);
    // OrbField names orbs itself; the plain orb keeps that id too (the map key).
    this.field = new OrbField(this.rng, (o) => ({ id: `o${++this.orbIds}`, x: o.x, y: o.y, value: o.value }));
  }

  get full(): boolean {
    return this.players.size >= MAX_PLAYERS_PER_ROOM;
  }

  add(id: string, name: string): PlainPlayer {
    const n = ++this.joins;
    const spot = findFreeSpot(this.rng, this.players.values());
    const used = new Set([...this.players.values()].map((p) => p.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    const player: PlainPlayer = { id, slot, name: name || `Player ${n}`, x: spot.x, y: spot.y, score: 0, hue: (n * 47) % 256, connected: true };
    this.players.set(id, player);
    this.seats.set(id, { player, budget: new InputBudget(), queue: [] });
    return player;
  }

  remove(id: string): PlainPlayer | undefined {
    const player = this.players.get(id);
    this.players.delete(id);
    this.seats.delete(id);
    return player;
  }

  input(id: string, intent: MoveIntent): void {
    const seat = this.seats.get(id);
    if (!seat) return;
    if (seat.queue.length >= MAX_QUEUED_INPUTS) seat.queue.shift();
    seat.queue.push(intent);
  }

  /** One fixed step, exactly as tickArena: budgeted inputs → shared step, orbs, round clock. */
  step(dtSeconds: number): RoundEvent {
    this.elapsedMs += dtSeconds * 1000;
    for (const seat of this.seats.values()) {
      const granted = seat.budget.grant(seat.queue.length);
      for (let i = 0; i < granted; i++) stepPlayer(seat.player, seat.queue.shift()!, dtSeconds);
    }
    const orbs = this.orbs as Map<string, OrbLike>;
    if (this.phase === "playing") this.field.collect(orbs, this.players.values());
    this.field.refill(orbs, this.players.values());
    const event = advanceRound(this, this.elapsedMs, this.players.size, this.timing);
    if (event === "started") for (const p of this.players.values()) p.score = 0;
    return event;
  }
}
