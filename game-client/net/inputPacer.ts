/** After a stall (tab in the background, a long frame), send at most this many steps at once. */
const MAX_STEPS_PER_FRAME = 5;

/**
 * Paces input sends: one per fixed step of `stepMs`, from frame timestamps — so the server,
 * which applies one input per tick, always gets exactly its rate over time.
 *
 * One refinement over a plain accumulator: when the intent changes (a key goes down) and no
 * step is due this frame, the next step is taken now and repaid by starting the following one
 * a step later. A key press then reaches the prediction and the wire in the very next frame
 * instead of up to one step later; the send rate is unchanged (never more than one step ahead,
 * which the server's input burst allowance absorbs).
 */
export class InputPacer {
  private acc = 0;
  private last = -1;

  constructor(private readonly stepMs: number) {}

  /** Steps due at frame time `now` (ms); `changed` when the intent differs from the last one sent. */
  steps(now: number, changed: boolean): number {
    const dt = this.last < 0 ? 0 : Math.max(0, now - this.last);
    this.last = now;
    this.acc += dt;
    let n = Math.floor(this.acc / this.stepMs);
    if (n > MAX_STEPS_PER_FRAME) {
      this.acc = 0; // a stall: send a bounded burst, drop the backlog
      return MAX_STEPS_PER_FRAME;
    }
    this.acc -= n * this.stepMs;
    if (n === 0 && changed && this.acc >= 0) {
      n = 1; // take the next step early…
      this.acc -= this.stepMs; // …and start the one after it a step later
    }
    return n;
  }

  reset(): void {
    this.acc = 0;
    this.last = -1;
  }
}
