import type { ReplayMeta } from "../../../shared/replay/meta.js";
import type { ReplayStore } from "./store.js";

/** What a store can say about one replay: its file, no such replay, or "cannot answer now". */
export type ReplayLookup = Uint8Array | "missing" | "unavailable";

/**
 * A store the HTTP routes serve from: besides ReplayStore's "nothing" answers, it tells a replay
 * that does not exist (404) from a store that cannot be read now (503 UNAVAILABLE, e.g. Redis down).
 * Neither method throws.
 */
export interface ServedReplayStore extends ReplayStore {
  find(id: string): Promise<ReplayLookup>;
  recent(limit: number): Promise<ReplayMeta[] | "unavailable">;
}

/** The limits every store applies (config.replays). */
export interface ReplayLimits {
  keepCount: number;
  keepBytes: number;
  maxFileBytes: number;
}

/** Whether `meta` has every field ReplayMeta promises (an index entry read back from disk or Redis). */
export function isReplayMeta(value: unknown): value is ReplayMeta {
  if (value === null || typeof value !== "object") return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.id === "string" &&
    typeof m.game === "string" &&
    typeof m.roomId === "string" &&
    typeof m.round === "number" &&
    typeof m.startedAt === "string" &&
    Number.isFinite(Date.parse(m.startedAt)) &&
    typeof m.durationMs === "number" &&
    typeof m.steps === "number" &&
    typeof m.bytes === "number" &&
    Array.isArray(m.players) &&
    m.players.every((p: unknown) => p !== null && typeof p === "object" && typeof (p as { name?: unknown }).name === "string" && typeof (p as { score?: unknown }).score === "number")
  );
}

/** Newest first: by start time, then by id (a stable order for replays started in the same millisecond). */
export function newestFirst(a: ReplayMeta, b: ReplayMeta): number {
  return Date.parse(b.startedAt) - Date.parse(a.startedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
