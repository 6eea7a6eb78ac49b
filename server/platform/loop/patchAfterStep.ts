/**
 * State patches sent right after the simulation step, not on a timer of their own. Colyseus sends
 * patches on an interval that runs apart from the fixed-step timer, so a change made by a step
 * waited up to one more patch interval before it left (input → echo up to one step + one patch).
 * Here a patch follows the step that completes each patch interval: the same average rate (after
 * two of every three steps at 30 Hz / 20 Hz), each patch carrying the newest state and input acks
 * (echo ≤ two steps), and one timer fewer per room. Measurements: docs/decisions/0008.
 */

/** Which steps (timer runs) a patch follows: `patchesPerSecond` spread evenly over `stepsPerSecond`. */
export class PatchCadence {
  private credit = 0;

  constructor(
    private readonly stepsPerSecond: number,
    private readonly patchesPerSecond: number,
  ) {
    if (!(patchesPerSecond > 0 && patchesPerSecond <= stepsPerSecond)) throw new RangeError("patch rate must be in (0, step rate]");
  }

  /** Once per step (patchAfterSteps calls it once per fixed-step timer run): true when a patch is due after it. */
  step(): boolean {
    this.credit += this.patchesPerSecond;
    if (this.credit < this.stepsPerSecond) return false;
    this.credit -= this.stepsPerSecond;
    return true;
  }
}

interface PatchedRoom {
  patchRate: number | null;
  broadcastPatch(): unknown;
}

/**
 * Turns Colyseus' patch timer off (call after `setFixedTimestep`, whose timer keeps the room clock)
 * and returns the hook to call at the end of every step. The cadence counts the fixed-step timer's
 * runs, not the steps: when a late timer runs two steps to catch up, they are followed by one
 * patch, and the patches keep their spacing (one or two steps' worth of wall time, never more).
 * The patch is queued as a microtask, so it goes out after the last step of that timer run.
 */
export function patchAfterSteps(room: PatchedRoom, stepsPerSecond: number, patchIntervalMs: number, onError: (err: unknown) => void): () => void {
  room.patchRate = null;
  const cadence = new PatchCadence(stepsPerSecond, 1000 / patchIntervalMs);
  let queued = false;
  const afterRun = () => {
    queued = false;
    if (!cadence.step()) return;
    try {
      room.broadcastPatch();
    } catch (err) {
      onError(err);
    }
  };
  return () => {
    if (queued) return;
    queued = true;
    queueMicrotask(afterRun);
  };
}
