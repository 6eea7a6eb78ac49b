/**
 * Milliseconds on the machine-wide monotonic clock (CLOCK_MONOTONIC via hrtime), so timestamps
 * taken in the orchestrator, the servers and the bot processes can be compared directly.
 */
const offsetMs = Number(process.hrtime.bigint()) / 1e6 - performance.now();

export function monoMs(): number {
  return performance.now() + offsetMs;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Resolves at the given monoMs() instant. */
export function sleepUntil(atMs: number): Promise<void> {
  return sleep(atMs - monoMs());
}
