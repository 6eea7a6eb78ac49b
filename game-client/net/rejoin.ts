/**
 * Rejoining after the server closed a room because its process is stopping (close code 4001,
 * CLOSE_CODE.SERVER_SHUTDOWN: a deploy or restart, usually after a drain that let the round finish).
 * The room is gone with its process, so the client finds a game elsewhere by itself: the room it had
 * joined by code (a friend's room) if that code still answers, otherwise quick play under the same name.
 * Bounded retries with exponential backoff and jitter: while a process drains, matchmaking may answer
 * 503 (UNAVAILABLE, or ROOM_LIMIT_REACHED from the stopping process) or not at all, and a whole room
 * of clients is closed at the same instant. Shared by the browser session (net/matchmaking.ts) and the
 * headless bots (bots/Bot.ts); needs nothing of the server.
 */
import { CLOSE_CODE } from "../../shared/protocol.js";
import type { JoinMode } from "./join.js";
import { describeJoinError } from "./joinErrors.js";

/** A room closed with this code is gone for good; the client should rejoin elsewhere. */
export function closedForRestart(code: number | undefined): boolean {
  return code === CLOSE_CODE.SERVER_SHUTDOWN;
}

/** Where the client was when the room closed. */
export interface RejoinFrom {
  /** The closed room's id (its code). */
  roomId: string;
  /** True when the client had joined that room by its code (a friend's or a private room): try that code first. */
  byCode: boolean;
}

export interface RejoinPolicy {
  /** Attempts in all (each a join, by code or quick play), at most. */
  attempts: number;
  /** The first attempt waits a random 0..firstJitterMs, so a closed room's clients do not all ask at once, ms. */
  firstJitterMs: number;
  /** Backoff before attempt n+1 (n ≥ 1): a random value in [½, 1] × min(maxDelayMs, baseDelayMs × 2^(n-1)), ms. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** About 10 s of trying in all: long enough for a load balancer to notice a stopping process, short enough to give up visibly. */
export const REJOIN_POLICY: RejoinPolicy = { attempts: 8, firstJitterMs: 300, baseDelayMs: 250, maxDelayMs: 3000 };

export interface RejoinHooks {
  /** Uniform in [0, 1) (tests pass a fixed one). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called after each failed attempt, with the mode tried and the error. */
  onFailure?: (failure: { attempt: number; mode: JoinMode; error: unknown }) => void;
  /** Stops trying (the player went back to the lobby): no attempt starts once it is aborted. */
  signal?: AbortSignal;
}

export interface Rejoined<T> {
  result: T;
  /** How the new room was joined: `{ kind: "id" }` when the code of the old room answered, else quick play. */
  mode: JoinMode;
  /** Attempts made, the successful one included. */
  attempts: number;
  /** From the call to the successful join, ms. */
  ms: number;
}

/** Every attempt failed (or one failed in a way that trying again cannot fix, e.g. a refused name). */
export class RejoinFailed extends Error {
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(`could not rejoin after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${describeJoinError(lastError).message}`);
    this.name = "RejoinFailed";
  }
}

/**
 * Matchmaking addresses in the order a rejoin should try them (attempt n uses entry n mod length): the ones that are
 * not the closed room's own process first (that process is stopping: it may answer slowly or not at all), then it.
 * `closedUrl`: the closed room's connection URL (the SDK's `room.connection.url`), when known.
 */
export function rejoinEndpoints(endpoints: readonly string[], closedUrl: string | undefined): string[] {
  const host = (url: string | undefined) => {
    try {
      return url ? new URL(url).host : undefined;
    } catch {
      return undefined;
    }
  };
  const closed = host(closedUrl);
  if (!closed) return [...endpoints];
  return [...endpoints.filter((e) => host(e) !== closed), ...endpoints.filter((e) => host(e) === closed)];
}

/** The wait before attempt `attempt` (0-based), ms. */
export function rejoinDelayMs(attempt: number, policy: RejoinPolicy = REJOIN_POLICY, random: () => number = Math.random): number {
  if (attempt === 0) return random() * policy.firstJitterMs;
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return cap * (0.5 + random() / 2);
}

/**
 * Runs `attempt` (one join the given way, resolving once the client is in the new room's state) until it
 * succeeds: first by the old room's code when `from.byCode` (once the code answers "not found" or "locked",
 * i.e. the room did not survive elsewhere, on to quick play), then quick play; waits `rejoinDelayMs` before
 * each. Rejects with RejoinFailed when the attempts run out or a failure is not worth retrying
 * (an invalid or reserved name).
 */
export async function rejoinAfterRestart<T>(
  from: RejoinFrom,
  /** `retry`: failed attempts so far that were not a plain "that code's room is gone" answer (pick the next address by it). */
  attempt: (mode: JoinMode, retry: number) => Promise<T>,
  policy: RejoinPolicy = REJOIN_POLICY,
  hooks: RejoinHooks = {},
): Promise<Rejoined<T>> {
  const random = hooks.random ?? Math.random;
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const start = performance.now();
  let code = from.byCode ? from.roomId : undefined;
  let lastError: unknown;
  let immediate = false;
  let retries = 0;
  for (let i = 0; i < policy.attempts; i++) {
    if (!immediate) await sleep(rejoinDelayMs(i, policy, random));
    immediate = false;
    if (hooks.signal?.aborted) throw new RejoinFailed(i, lastError ?? new Error("rejoin cancelled"));
    const mode: JoinMode = code !== undefined ? { kind: "id", roomId: code } : { kind: "quick" };
    try {
      const result = await attempt(mode, retries);
      return { result, mode, attempts: i + 1, ms: performance.now() - start };
    } catch (err) {
      lastError = err;
      hooks.onFailure?.({ attempt: i, mode, error: err });
      const kind = describeJoinError(err, code).kind;
      if (kind === "invalid_name" || kind === "invalid_code") throw new RejoinFailed(i + 1, err);
      // The code's room is gone (or locked by its draining process): the friend's room did not survive; quick play.
      if (mode.kind === "id" && (kind === "not_found" || kind === "full")) {
        code = undefined;
        immediate = true; // an answer, not an outage: quick play at once, same address
        continue;
      }
      retries++;
    }
  }
  throw new RejoinFailed(policy.attempts, lastError);
}
