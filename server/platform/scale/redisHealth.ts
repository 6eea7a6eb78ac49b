/** Whether Redis answers: every connection is probed with a PING on a timer, each with a timeout. */
export type RedisState = "connecting" | "ready" | "unreachable";

export interface Pingable {
  ping(): Promise<unknown>;
}

export interface RedisHealthOptions {
  intervalMs: number;
  /** A PING without a reply after this long counts as a failure. */
  timeoutMs: number;
  /** Called on every change of state, with the failure that caused a change to "unreachable". */
  onChange(state: RedisState, previous: RedisState, err?: unknown): void;
}

/**
 * A closed socket is not the only fault: a Redis that stops answering (frozen, overloaded, cut off
 * without a reset) leaves every connection "ready" while commands time out. Readiness is therefore
 * the outcome of the last round trip on every connection, not the socket state.
 */
export class RedisHealth {
  private current: RedisState = "connecting";
  private timer: ReturnType<typeof setInterval> | undefined;
  private probing: Promise<void> | undefined;

  constructor(
    private readonly connections: Pingable[],
    private readonly options: RedisHealthOptions,
  ) {}

  get state(): RedisState {
    return this.current;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.probe(), this.options.intervalMs);
    this.timer.unref();
    void this.probe();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A connection closed: not ready until a probe succeeds again (which then counts as a recovery), probed at once. */
  connectionLost(): void {
    if (!this.timer) return;
    this.set("unreachable", new Error("a redis connection closed"));
  }

  /** A connection is (re)established: probe now rather than at the next tick. */
  connectionReady(): void {
    if (this.timer && this.current !== "ready") void this.probe();
  }

  /** One round trip on every connection (or the one under way); never rejects. */
  probe(): Promise<void> {
    this.probing ??= this.roundTrip().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async roundTrip(): Promise<void> {
    try {
      await Promise.all(this.connections.map((c) => withTimeout(c.ping(), this.options.timeoutMs)));
      if (this.timer) this.set("ready");
    } catch (err) {
      if (this.timer) this.set("unreachable", err);
    }
  }

  private set(state: RedisState, err?: unknown): void {
    if (state === this.current) return;
    const previous = this.current;
    this.current = state;
    this.options.onChange(state, previous, err);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to PING within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
