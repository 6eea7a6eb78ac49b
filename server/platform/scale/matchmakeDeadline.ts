import { ServerError } from "@colyseus/core";
import { JOIN_ERROR } from "../../../shared/protocol.js";
import { isRedisFault } from "./redisFaults.js";

export interface MatchmakeDeadline {
  /** False while the shared backplane (Redis) does not answer: requests are refused at once. */
  ready(): boolean;
  /** A request still unsettled after this long is refused. */
  timeoutMs: number;
}

/** Colyseus' matchmaker is one per process; so is this bound (set by the app when it is built). */
let deadline: MatchmakeDeadline | undefined;

export function setMatchmakeDeadline(value: MatchmakeDeadline | undefined): void {
  deadline = value;
}

/**
 * Runs one matchmaking request (join, create, quick play, join by id) within the deadline:
 * refused with UNAVAILABLE (HTTP 503) at once while Redis does not answer, when it has not
 * settled in time, or when it failed because Redis or another process did not answer. Each Redis command has its own timeout, but a request makes several in a row
 * and waits for other processes' replies; this bounds the whole. A request given up on may still
 * finish later: a seat it reserved expires unused.
 */
export function withinMatchmakeDeadline<T>(call: () => Promise<T>): Promise<T> {
  if (!deadline) return call();
  if (!deadline.ready()) return Promise.reject(unavailable("the shared backplane (Redis) is not answering"));
  const { timeoutMs } = deadline;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(unavailable(`no answer within ${timeoutMs} ms`)), timeoutMs);
    call().then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(isRedisFault(err) ? unavailable(`no answer: ${err instanceof Error ? err.message : String(err)}`) : err);
      },
    );
  });
}

function unavailable(why: string): ServerError {
  return new ServerError(JOIN_ERROR.UNAVAILABLE, `UNAVAILABLE: matchmaking is unavailable (${why}); try again.`);
}
