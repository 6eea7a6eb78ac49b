import { ROUND_PHASE, type RoundPhase } from "../schema/state.js";

export interface RoundClock {
  phase: RoundPhase | string;
  round: number;
  phaseEndsAt: number;
}

export interface RoundTiming {
  roundMs: number;
  intermissionMs: number;
}

export type RoundEvent = "started" | "ended" | "paused" | null;

/**
 * The round lifecycle as a pure state machine: waiting (no players) → playing (fixed time)
 * → ended (intermission) → playing … Returns what happened so the room can broadcast it.
 * A round in progress with everyone gone goes back to waiting.
 */
export function advanceRound(r: RoundClock, now: number, players: number, timing: RoundTiming): RoundEvent {
  switch (r.phase) {
    case ROUND_PHASE.PLAYING:
      if (players === 0) {
        r.phase = ROUND_PHASE.WAITING;
        r.phaseEndsAt = 0;
        return "paused";
      }
      if (now < r.phaseEndsAt) return null;
      r.phase = ROUND_PHASE.ENDED;
      r.phaseEndsAt = now + timing.intermissionMs;
      return "ended";
    case ROUND_PHASE.ENDED:
      if (now < r.phaseEndsAt) return null;
      if (players === 0) {
        r.phase = ROUND_PHASE.WAITING;
        r.phaseEndsAt = 0;
        return "paused";
      }
      startRound(r, now, timing);
      return "started";
    default: // waiting
      if (players === 0) return null;
      startRound(r, now, timing);
      return "started";
  }
}

function startRound(r: RoundClock, now: number, timing: RoundTiming): void {
  r.phase = ROUND_PHASE.PLAYING;
  r.round += 1;
  r.phaseEndsAt = now + timing.roundMs;
}
