/**
 * The platform's tunings of Colyseus: each replaces or extends one piece of stock Colyseus 0.18
 * behaviour, most through its internals (docs/decisions/0004-colyseus-internals.md). Each can be
 * switched off (COLYSEUS_TUNINGS_OFF), giving that piece's stock behaviour back.
 */
export const TUNING_NAMES = [
  /** The fixed-step timer on a steady schedule of its own, idle until a room's first join (stock: setFixedTimestep's setInterval). */
  "steadyTimestep",
  /** The state patch sent right after the step (stock: the patchRate timer). */
  "patchAfterStep",
  /** MoveInput frames decoded into a plain object (stock: the generic schema decoder). */
  "inputDecoder",
  /** Unreliable-input frames refused before Colyseus decodes them (stock: decoded; a malformed one can freeze the process). */
  "unreliableInputGuard",
  /** Patch bytes counted for /metrics (stock: not counted). */
  "patchBytes",
  /** Clients that stopped reading dropped past SLOW_CLIENT_MAX_BUFFERED_BYTES (stock: their data queues without bound). */
  "slowClientDrop",
  /** Redis: the room listing read from an in-memory copy kept by change messages (stock: HGETALL per query). */
  "listingMirror",
  /** Redis: dead processes' rooms removed on a timer (stock: only when a request hits the dead process). */
  "deadProcessSweep",
] as const;

export type TuningName = (typeof TUNING_NAMES)[number];

/** What `COLYSEUS_TUNINGS_OFF` means: "all", or a comma-separated list of names; undefined = a problem to report. */
export function parseTuningsOff(raw: string | undefined): { off: TuningName[] } | { problem: string } {
  const value = (raw ?? "").trim();
  if (value === "") return { off: [] };
  if (value === "all") return { off: [...TUNING_NAMES] };
  const names = value.split(",").map((n) => n.trim()).filter((n) => n !== "");
  const unknown = names.filter((n) => !(TUNING_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) return { problem: `COLYSEUS_TUNINGS_OFF must be "all" or a comma-separated list of ${TUNING_NAMES.join(", ")} (unknown: ${unknown.join(", ")})` };
  return { off: names as TuningName[] };
}
