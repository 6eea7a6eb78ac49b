/**
 * One arena room on plain objects, for the baseline servers (Socket.IO and floor). Everything it does
 * is the product's: the join is `spawnPlayer` + `seatPlayer`, the leave `unseatPlayer`, the step
 * `tickArena` (budgeted inputs → shared step, orbs by `OrbField`, round clock), the round result
 * `roundResult` (server/arena/rules). Only the containers are the baselines' own: plain maps for the
 * state (no schema) and, per player, a queue of inputs that keeps the newest 32 (Colyseus' input
 * buffer size, oldest dropped). The room clock is the time since the room was created, read once
 * per timer run as Colyseus' room clock is.
 */
import { ROUND_PHASE } from "../../shared/schema/state.js";
import { INTERMISSION_MS, MAX_PLAYERS_PER_ROOM, ROUND_DURATION_MS } from "../../shared/sim/constants.js";
import type { OrbLike } from "../../shared/sim/orbs.js";
import { createRng, type Rng } from "../../shared/sim/rng.js";
import type { MoveIntent } from "../../shared/sim/step.js";
import type { InputBudget } from "../../server/arena/rules/inputBudget.js";
import { OrbField } from "../../shared/sim/orbField.js";
import type { RoundEvent, RoundTiming } from "../../shared/sim/round.js";
import { roundResult } from "../../server/arena/rules/scoreboard.js";
import { seatPlayer, unseatPlayer } from "../../server/arena/rules/seats.js";
import { spawnPlayer, type Spawned } from "../../server/arena/rules/spawn.js";
import { tickArena, type ArenaWorldState, type InputQueue, type TickWorld } from "../../shared/sim/arenaTick.js";

/** Colyseus' default input buffer size (`bufferMaxSize`). */
const INPUT_BUFFER_SIZE = 32;

export interface PlainPlayer extends Spawned {
  id: string;
  /** 0..15, stable while the player is in the room (the floor's wire format addresses players by slot). */
  slot: number;
  score: number;
  connected: boolean;
}

class InputRing implements InputQueue {
  private readonly items: MoveIntent[] = [];

  get size(): number {
    return this.items.length;
  }

  push(intent: MoveIntent): void {
    if (this.items.length >= INPUT_BUFFER_SIZE) this.items.shift();
    this.items.push(intent);
  }

  next(): MoveIntent | undefined {
    return this.items.shift();
  }
}

const NO_INPUTS = new InputRing();

export class PlainArena {
  readonly state: ArenaWorldState<PlainPlayer> & { orbs: Map<string, OrbLike> } = {
    players: new Map(),
    orbs: new Map(),
    phase: ROUND_PHASE.WAITING,
    round: 0,
    phaseEndsAt: 0,
  };
  private readonly inputs = new Map<string, InputRing>();
  private readonly world: TickWorld<PlainPlayer>;
  private readonly rng: Rng;
  private readonly createdAt = performance.now();
  private joins = 0;

  constructor(
    readonly roomId: string,
    seed: number,
    private readonly timing: RoundTiming = { roundMs: ROUND_DURATION_MS, intermissionMs: INTERMISSION_MS },
  ) {
    this.rng = createRng(seed);
    this.world = {
      state: this.state,
      orbs: new OrbField(this.rng, (o) => ({ x: o.x, y: o.y, value: o.value })),
      budgets: new Map<string, InputBudget>(),
      inputsOf: (id) => this.inputs.get(id) ?? NO_INPUTS,
    };
  }

  get players(): Map<string, PlainPlayer> {
    return this.state.players;
  }

  get full(): boolean {
    return this.state.players.size >= MAX_PLAYERS_PER_ROOM;
  }

  /** The product's join: spawned by its rule, seated with an input budget. */
  join(id: string, askedName: string | undefined): PlainPlayer {
    const used = new Set([...this.state.players.values()].map((p) => p.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    const spawned = spawnPlayer(this.state, this.rng, ++this.joins, askedName || undefined);
    this.inputs.set(id, new InputRing());
    return seatPlayer(this.world, id, { ...spawned, id, slot, score: 0, connected: true });
  }

  leave(id: string): void {
    unseatPlayer(this.world, id);
    this.inputs.delete(id);
  }

  input(id: string, intent: MoveIntent): void {
    this.inputs.get(id)?.push(intent);
  }

  /** Room-clock ms (time since creation); read once per timer run. */
  now(): number {
    return performance.now() - this.createdAt;
  }

  /** One fixed step: the product's tick. */
  step(dtSeconds: number, now: number): RoundEvent {
    return tickArena(this.world, dtSeconds, now, this.timing).event;
  }

  roundResult() {
    return roundResult(this.state.round, this.state.players);
  }
}
