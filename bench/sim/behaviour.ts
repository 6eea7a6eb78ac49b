/**
 * The bots' behaviour, identical in every arm: bot #i walks in one of the 8 directions (never
 * standing still: "everyone moving"), picks a new direction every second from its own seeded RNG,
 * and sends one input per simulation step (30 per second).
 */
import { TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { createRng, type Rng } from "../../shared/sim/rng.js";
import type { MoveIntent } from "../../shared/sim/step.js";

const DIRECTIONS: readonly MoveIntent[] = [
  { dx: 1, dy: 0 },
  { dx: 1, dy: 1 },
  { dx: 0, dy: 1 },
  { dx: -1, dy: 1 },
  { dx: -1, dy: 0 },
  { dx: -1, dy: -1 },
  { dx: 0, dy: -1 },
  { dx: 1, dy: -1 },
];
const HOLD_STEPS = TICK_RATE_HZ;

export class Walker {
  private readonly rng: Rng;
  private intent: MoveIntent = DIRECTIONS[0]!;
  private left = 0;

  constructor(seed: number, botIndex: number) {
    this.rng = createRng((seed ^ Math.imul(botIndex + 1, 0x9e3779b1)) >>> 0);
  }

  /** The input for the next step. */
  next(): MoveIntent {
    if (this.left-- <= 0) {
      this.intent = DIRECTIONS[Math.floor(this.rng() * DIRECTIONS.length)]!;
      this.left = HOLD_STEPS - 1;
    }
    return this.intent;
  }
}

/** Encodes an intent as 0..8 ((dx+1)*3 + (dy+1)), used by the floor's 1-byte input. */
export function intentCode(intent: MoveIntent): number {
  return (intent.dx + 1) * 3 + (intent.dy + 1);
}

const BY_CODE: readonly MoveIntent[] = Array.from({ length: 9 }, (_, c) => ({ dx: Math.floor(c / 3) - 1, dy: (c % 3) - 1 }));
const STILL = BY_CODE[4]!;

/** The (shared, read-only) intent for a code; anything out of range is "stand still". */
export function intentFromCode(code: number): MoveIntent {
  return BY_CODE[code] ?? STILL;
}
