import { replaceSimulationInterval, simulationIntervalProblem } from "../colyseus/simulationInterval.js";

/**
 * The fixed-step timer of a room on a schedule of its own. Colyseus' setFixedTimestep runs its step
 * loop on a Node setInterval, and Node re-arms a late interval from the moment its batch of due
 * timers ran: rooms whose timers ran late in the same turn of the event loop become due at the same
 * instant and stay so. Under load the rooms of a process thus gather into one batch per step, run
 * back to back, and the last waits for all the others (measurements: docs/decisions/0008). Here each run is armed for the next instant of its own schedule,
 * `phase + k × period`, and the phases of a process's rooms are spread over the period, so a late
 * turn delays rooms once instead of aligning them for good.
 *
 * The steps are counted on that schedule too: a run makes one step per instant it covers (more
 * than one only after a late turn, at most MAX_CATCHUP_STEPS, as Colyseus caps its catch-up).
 * Colyseus' accumulator measures the time between runs instead, and a run a little less late than
 * the one before then owes no step (and the next one two): 1–2 % of runs, each losing the patch
 * that follows the step (measured: 98.5 % of the patch rate at 500–1,000 players).
 */
export const MAX_CATCHUP_STEPS = 5;

/** Golden-ratio sequence: the n-th room's phase, as a fraction of the period, evenly spread for any n. */
const GOLDEN = (Math.sqrt(5) - 1) / 2;
let roomsScheduled = 0;

export function nextPhaseFraction(): number {
  return (roomsScheduled++ * GOLDEN) % 1;
}

/**
 * Calls `run(instants)` at `phase + k × periodMs` (performance.now() ms), never early; `instants` is
 * how many instants of the schedule the run covers (1 unless the event loop was late).
 */
export class SteadyInterval {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dueMs = 0;
  private readonly phaseMs: number;
  private isStopped = false;
  private isStarted = false;

  /** `idle`: armed only when `start()` is called (a room nobody has joined yet runs no steps). */
  constructor(
    private readonly periodMs: number,
    phaseFraction: number,
    private readonly run: (instants: number) => void,
    idle = false,
  ) {
    this.phaseMs = phaseFraction * periodMs;
    if (!idle) this.start();
  }

  /** Arms the first run at the next instant of the schedule; no-op once started or stopped. */
  start(): void {
    if (this.isStarted || this.isStopped) return;
    this.isStarted = true;
    const now = performance.now();
    this.dueMs = now - (now % this.periodMs) + this.phaseMs;
    if (this.dueMs <= now) this.dueMs += this.periodMs;
    this.arm();
  }

  get started(): boolean {
    return this.isStarted;
  }

  stop(): void {
    this.isStopped = true;
    clearTimeout(this.timer);
  }

  get stopped(): boolean {
    return this.isStopped;
  }

  /** One run, scheduled for `dueMs`. (A method, so the benchmark can time runs.) */
  protected fire(_dueMs: number, instants: number): void {
    this.run(instants);
  }

  private arm(): void {
    // Node timers have 1 ms resolution and measure from a cached loop time: round up, check on firing.
    this.timer = setTimeout(this.onTimeout, Math.max(1, Math.ceil(this.dueMs - performance.now())));
  }

  private readonly onTimeout = (): void => {
    if (this.isStopped) return;
    const now = performance.now();
    if (now >= this.dueMs) {
      const due = this.dueMs;
      // Instants of the schedule up to now; the next one after now is the next due: a run that was
      // late does not shift the ones after it.
      const instants = Math.floor((now - due) / this.periodMs) + 1;
      this.dueMs = due + instants * this.periodMs;
      try {
        this.fire(due, instants);
      } finally {
        if (!this.isStopped) this.arm();
      }
      return;
    }
    this.arm();
  };
}

/**
 * Replaces the interval `setFixedTimestep` started on `room` (call right after it: it also sets the
 * tick rate Colyseus' input API reports) with a SteadyInterval at `hz` that ticks the room clock
 * and runs `step` once per instant of its schedule; it stops when the room starts disposing. With
 * `idle`, it runs nothing until its `start()` is called. Returns the interval (`start()`, `stop()`),
 * or undefined (and changes nothing) when the Colyseus internals it relies on are not there.
 */
export function steadyTimestep(room: { clock: { tick(): void } }, hz: number, step: () => void, idle = false): SteadyInterval | undefined {
  if (simulationIntervalProblem(room) !== undefined || typeof room.clock?.tick !== "function") return undefined;
  const steady = new SteadyInterval(
    1000 / hz,
    nextPhaseFraction(),
    (instants) => {
      room.clock.tick();
      for (let i = 0; i < Math.min(instants, MAX_CATCHUP_STEPS); i++) step();
    },
    idle,
  );
  replaceSimulationInterval(room, steady);
  return steady;
}
