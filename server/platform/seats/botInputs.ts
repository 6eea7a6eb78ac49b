import type { MoveIntent } from "../../../shared/sim/step.js";

/**
 * A server bot's input queue: what a client's input buffer is to a human (the tick reads `size` and
 * `next()` through the same input budget). The bot's steering pushes at most one input per step.
 */
export class BotInputs {
  private pending: MoveIntent | undefined;

  get size(): number {
    return this.pending ? 1 : 0;
  }

  /** Queues this step's input unless one is still waiting (never more than one). */
  push(intent: MoveIntent): void {
    this.pending ??= intent;
  }

  next(): MoveIntent | undefined {
    const intent = this.pending;
    this.pending = undefined;
    return intent;
  }
}
