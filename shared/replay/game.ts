import type { Standing } from "./standings.js";

/**
 * What a room type declares to get replays (docs/making-a-game.md, "Replays"): how to start a
 * re-simulation from a recorded snapshot, and the simulation itself, run by the server's verifier,
 * `npm run replay` and the browser's viewer alike. Everything here is pure and engine-independent.
 */
/** What every replayable state has: its seats, each with a name, a score and whether it is a bot (the header's results). */
export interface SeatedState {
  players: Map<string, Standing>;
}

export interface ReplaySim<S extends SeatedState = SeatedState> {
  /** A player takes a seat before the next step (as recorded: its fields at the time it joined). */
  join(slot: number, record: unknown): void;
  /** A seated player leaves before the next step. */
  leave(slot: number): void;
  /** The room's generator moved between steps (players spawned): it goes on from `state`. */
  setRng(state: number): void;
  /** One fixed step: `inputs[k]` are the input codes applied to the k-th seated player (seat order); `nowMs`: the room clock the step read (games that declare `clock`). */
  step(inputs: readonly (readonly number[])[], nowMs: number): void;
  /** Players seated now. */
  readonly seated: number;
  /** The hash the server recorded for the same moment (StateHash over what the step reads and writes). */
  hash(): number;
  /** A snapshot to start again from here (the viewer seeks with these). */
  save(): unknown;
  /** The state a renderer draws (the room's own schema state type). */
  readonly state: S;
}

export interface ReplayGame<S extends SeatedState = SeatedState> {
  /** The kind named in the file ("arena"). */
  kind: string;
  /** The rules version: a file recorded under other rules is refused, not re-simulated wrongly. */
  rules: number;
  /** Steps per second. */
  hz: number;
  /** The step reads the room clock (the recorder writes it with every step, to the µs). */
  clock?: boolean;
  /** Starts a re-simulation from a recorded snapshot; throws (ReplayError "corrupt") on a malformed one. */
  start(snapshot: unknown): ReplaySim<S>;
}
