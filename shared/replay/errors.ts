/** Why a replay cannot be read or does not re-simulate: a code a program acts on, a message a person reads. */
export type ReplayErrorCode = "TRUNCATED" | "CORRUPT" | "TOO_LARGE" | "NEWER_VERSION" | "UNKNOWN_GAME" | "MISMATCH";

export class ReplayError extends Error {
  constructor(
    readonly code: ReplayErrorCode,
    message: string,
    /** The step at which it went wrong, if it is about one. */
    readonly step?: number,
  ) {
    super(message);
    this.name = "ReplayError";
  }
}
