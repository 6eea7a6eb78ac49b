import type { Logger } from "../../logger.js";
import { IPC_TIMEOUT } from "../colyseus/channels.js";

/**
 * Reports failed Redis calls that are handled where they start (a fallback value, a retry when
 * Redis is back): the first failure of each kind is logged, the rest of the outage is not.
 */
export class RedisFaults {
  private readonly reported = new Set<string>();

  constructor(private readonly logger: Logger) {}

  report(what: string, err: unknown): void {
    if (this.reported.has(what)) return;
    this.reported.add(what);
    this.logger.warn({ event: "redis_call_failed", what, err: err instanceof Error ? err.message : String(err) }, `redis ${what} failed; handled`);
  }

  /** Something handled that is not a failed call, logged each time (a dropped stale create request). */
  notice(event: string, fields: Record<string, unknown>, msg: string): void {
    this.logger.warn({ event, ...fields }, msg);
  }

  /** Redis answers again: the next failure of any kind is logged. */
  clear(): void {
    this.reported.clear();
  }

  /** `call`'s result, or `fallback` (reported) if it rejects. */
  async soft<T>(what: string, call: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await call();
    } catch (err) {
      this.report(what, err);
      return fallback;
    }
  }
}

/** Messages of ioredis' own failures (no reply in time, no connection) and of Colyseus' unanswered requests between processes. */
const FAULT_MESSAGE = new RegExp(`^(Command timed out|Connection is closed|Stream isn't writeable|Reached the max retries per request limit|${IPC_TIMEOUT})`);

/** True for an error that means "Redis (or a process behind it) did not answer", not a refusal. */
export function isRedisFault(err: unknown): boolean {
  if (!(err instanceof Error)) return err === IPC_TIMEOUT;
  return err.name === "MaxRetriesPerRequestError" || FAULT_MESSAGE.test(err.message);
}
