import { arenaReplay } from "./arena.js";
import { hillReplay } from "./hill.js";
import { ReplayError } from "./errors.js";
import type { DecodedReplay, ReplayStep } from "./format.js";
import type { ReplayGame, ReplaySim } from "./game.js";
import { hashText } from "./hash.js";
import { standingsOf } from "./standings.js";

/** Every replayable room type, by the kind its files name (a new room type adds its game here). */
export const REPLAY_GAMES: Readonly<Record<string, ReplayGame>> = { [arenaReplay.kind]: arenaReplay, [hillReplay.kind]: hillReplay };

export function replayGame(kind: string, rules: number, games = REPLAY_GAMES): ReplayGame {
  const game = Object.hasOwn(games, kind) ? games[kind] : undefined;
  if (!game) throw new ReplayError("UNKNOWN_GAME", `the replay is of a game this version does not know ("${kind.slice(0, 40)}")`);
  if (rules > game.rules) throw new ReplayError("NEWER_VERSION", `the replay was recorded under ${kind} rules ${rules}; this version has rules ${game.rules}: update to watch it`);
  if (rules !== game.rules) throw new ReplayError("NEWER_VERSION", `the replay was recorded under older ${kind} rules (${rules}, now ${game.rules}) and cannot be re-simulated`);
  return game;
}

/** Applies one recorded step (seat changes, generator, inputs) to a running re-simulation. */
export function applyStep(sim: ReplaySim, step: ReplayStep, index: number, hz: number): void {
  try {
    for (const slot of step.leaves ?? []) sim.leave(slot);
    for (const { slot, record } of step.joins ?? []) sim.join(slot, record);
    if (step.rng !== undefined) sim.setRng(step.rng);
    if (step.inputs.length !== sim.seated) throw new ReplayError("CORRUPT", `step ${index + 1} has inputs for ${step.inputs.length} players, ${sim.seated} are seated`);
    sim.step(step.inputs, step.nowMs ?? ((index + 1) * 1000) / hz);
  } catch (err) {
    if (err instanceof ReplayError) throw err.step === undefined ? new ReplayError(err.code, err.message, index + 1) : err;
    // A record the validators let through but the step cannot take is still a damaged file.
    throw new ReplayError("CORRUPT", `step ${index + 1} cannot be applied (${err instanceof Error ? err.message : String(err)})`, index + 1);
  }
}

export interface VerifyResult {
  finalHash: number;
  steps: number;
  /** Hashes compared (every recorded one, the start included). */
  checked: number;
}

/**
 * Re-simulates a whole replay and compares every recorded hash; throws ReplayError MISMATCH naming
 * the first step whose state differs (its hash is recorded every `hashEvery` steps: the step named is
 * the first recorded one that differs).
 */
export function verifyReplay(replay: DecodedReplay, games = REPLAY_GAMES): VerifyResult {
  const { header, steps } = replay;
  const game = replayGame(header.game, header.rules, games);
  let sim: ReplaySim;
  try {
    sim = game.start(header.snapshot);
  } catch (err) {
    if (err instanceof ReplayError) throw err;
    throw new ReplayError("CORRUPT", `the snapshot cannot be loaded (${err instanceof Error ? err.message : String(err)})`, 0);
  }
  let checked = 1;
  const start = sim.hash();
  if (start !== header.startHash) throw new ReplayError("MISMATCH", `the state at the start differs: hash ${hashText(start)}, recorded ${hashText(header.startHash)}`, 0);
  for (let i = 0; i < steps.length; i++) {
    applyStep(sim, steps[i]!, i, game.hz);
    const recorded = steps[i]!.hash;
    if (recorded === undefined) continue;
    checked++;
    const h = sim.hash();
    if (h !== recorded) throw new ReplayError("MISMATCH", `step ${i + 1} differs: hash ${hashText(h)}, recorded ${hashText(recorded)}`, i + 1);
  }
  const finalHash = sim.hash();
  if (finalHash !== header.finalHash) throw new ReplayError("MISMATCH", `the final state differs: hash ${hashText(finalHash)}, recorded ${hashText(header.finalHash)}`, steps.length);
  // The header's results (what listings and the CLI show) must be the re-simulation's too.
  const standings = standingsOf(sim.state.players.values());
  const listed = JSON.stringify(header.players);
  if (JSON.stringify(standings) !== listed) throw new ReplayError("MISMATCH", `the final scores differ from the header's: ${standings.map((p) => `${p.name} ${p.score}`).join(", ")}`, steps.length);
  return { finalHash, steps: steps.length, checked };
}
