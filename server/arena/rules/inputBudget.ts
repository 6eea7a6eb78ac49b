import { INPUT_BURST_STEPS } from "../../../shared/sim/constants.js";

/**
 * How many buffered inputs a player may apply this tick. Colyseus gives `next()` (one per tick,
 * which turns network jitter into permanent extra latency) and `drain()` (all, which lets a
 * flooding client move faster); this token bucket sits between: one credit per tick, spent one
 * per input, banked up to INPUT_BURST_STEPS while idle. Over any window, steps applied ≤ ticks
 * elapsed + INPUT_BURST_STEPS, so nobody outruns the max speed by more than that bounded burst.
 */
export class InputBudget {
  private credits = 1;

  constructor(private readonly burst = INPUT_BURST_STEPS) {}

  /** Called once per tick with the number of inputs waiting; returns how many to apply. */
  grant(buffered: number): number {
    this.credits = Math.min(this.credits + 1, this.burst);
    const granted = Math.min(buffered, Math.floor(this.credits));
    this.credits -= granted;
    return granted;
  }
}
