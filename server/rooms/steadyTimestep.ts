/**
 * The fixed-step timer of a room on a schedule of its own. Colyseus' setFixedTimestep runs its step
 * loop (clock, accumulator, catch-up) on a Node setInterval, and Node re-arms a late interval from
 * the moment its batch of due timers ran: rooms whose timers ran late in the same turn of the event
 * loop become due at the same instant and stay so. Under load the rooms of a process thus gather
 * into one batch per step, run back to back, and the last waits for all the others (tick+patch
 * p99 above 25 ms at 90 % of a core in `npm run bench`). Here each run is armed for the next
 * instant of its own schedule, `phase + k × period`, and the phases of a process's rooms are spread
 * over the period, so a late turn delays rooms once instead of aligning them for good.
 */

/** Golden-ratio sequence: the n-th room's phase, as a fraction of the period, evenly spread for any n. */
const GOLDEN = (Math.sqrt(5) - 1) / 2;
let roomsScheduled = 0;

export function nextPhaseFraction(): number {
  return (roomsScheduled++ * GOLDEN) % 1;
}

/** Runs `run` every `periodMs` at `phase + k × periodMs` (performance.now() ms), never early. */
export class SteadyInterval {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dueMs: number;
  private stopped = false;

  constructor(
    private readonly periodMs: number,
    phaseFraction: number,
    private readonly run: () => void,
  ) {
    const now = performance.now();
    const phaseMs = phaseFraction * periodMs;
    this.dueMs = now - (now % periodMs) + phaseMs;
    if (this.dueMs <= now) this.dueMs += periodMs;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One run, scheduled for `dueMs`. (A method, so the benchmark can time runs against their due time.) */
  protected fire(_dueMs: number): void {
    this.run();
  }

  private arm(): void {
    // Node timers have 1 ms resolution and measure from a cached loop time: round up, check on firing.
    this.timer = setTimeout(this.onTimeout, Math.max(1, Math.ceil(this.dueMs - performance.now())));
  }

  private readonly onTimeout = (): void => {
    if (this.stopped) return;
    const now = performance.now();
    if (now >= this.dueMs) {
      const due = this.dueMs;
      // The next instant of the schedule after now: a run that was late does not shift the ones after it.
      this.dueMs += this.periodMs * Math.max(1, Math.ceil((now - this.dueMs) / this.periodMs));
      if (this.dueMs <= now) this.dueMs += this.periodMs;
      try {
        this.fire(due);
      } finally {
        if (!this.stopped) this.arm();
      }
      return;
    }
    this.arm();
  };
}

interface TimestepRoom {
  _simulationInterval?: unknown;
}

/**
 * Moves the step loop that `setFixedTimestep` set up on `room` onto a SteadyInterval (call right
 * after it). The loop itself stays Colyseus': it is the interval's callback, now run by this timer.
 * Returns the stop function for onDispose, or undefined (and changes nothing) when the Colyseus or
 * Node internals it relies on are not there.
 */
export function steadyTimestep(room: TimestepRoom, periodMs: number): (() => void) | undefined {
  const interval = room._simulationInterval as { _onTimeout?: unknown } | undefined;
  const loop = interval?._onTimeout;
  if (typeof loop !== "function") return undefined;
  clearInterval(interval as ReturnType<typeof setInterval>);
  const steady = new SteadyInterval(periodMs, nextPhaseFraction(), () => (loop as () => void).call(interval));
  // Colyseus checks this field for "has a simulation loop" (patch timer, clock); clearInterval on it is a no-op.
  room._simulationInterval = steady;
  return () => steady.stop();
}
