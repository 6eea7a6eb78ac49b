/**
 * A process that was frozen (SIGSTOP, a long GC, a starved VM) for longer than the other processes' health check
 * may have been taken for dead: another process then removed its rooms from the listing (Colyseus'
 * healthCheckProcessId, colyseus#968). The rooms are still here and their players still connected, so once the
 * process runs again it puts its listings back at once, and keeps checking for as long as a removal started during
 * the freeze can still land (one IPC timeout), instead of waiting for Colyseus' own 5 s swept-receipt check.
 */
export interface StallWatchOptions {
  /** A timer gap longer than this is a stall, ms (the health-check interval). */
  thresholdMs: number;
  /** After a stall, listings are checked and restored on every tick for this long, ms. */
  windowMs: number;
  /** Tick period, ms. */
  everyMs?: number;
  /** Puts back this process's missing listings (matchMaker.restoreMissingRoomCaches). */
  restore(): Promise<void>;
  /**
   * Called at once on a stall; the returned function when the window is over. Used to lift the per-room message
   * limit meanwhile: the inputs clients sent during the freeze arrive together and are not a flood.
   */
  suspendLimits?(): () => void;
  onStall(gapMs: number): void;
  onError(err: unknown): void;
}

export interface StallWatch {
  stop(): void;
  /** Stalls seen so far. */
  readonly stalls: number;
}

export function watchForStalls(options: StallWatchOptions): StallWatch {
  const everyMs = options.everyMs ?? 250;
  let last = performance.now();
  let restoreUntil = 0;
  let restoring = false;
  let stalls = 0;
  let resume: (() => void) | undefined;
  const timer = setInterval(() => {
    const now = performance.now();
    const gap = now - last;
    last = now;
    if (gap > options.thresholdMs) {
      stalls++;
      restoreUntil = now + options.windowMs;
      resume ??= options.suspendLimits?.();
      options.onStall(gap);
    }
    if (now > restoreUntil) {
      resume?.();
      resume = undefined;
      return;
    }
    if (restoring) return;
    restoring = true;
    options
      .restore()
      .catch(options.onError)
      .finally(() => (restoring = false));
  }, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      resume?.();
    },
    get stalls() {
      return stalls;
    },
  };
}
