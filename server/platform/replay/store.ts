import type { ReplayMeta } from "../../../shared/replay/meta.js";

/**
 * Where finished replays go and where `GET /replays` reads them: on disk (one process, REPLAY_DIR)
 * or in Redis (every process lists and serves every process's replays). Retention is the store's:
 * the oldest are removed past REPLAY_KEEP_COUNT files or REPLAY_KEEP_BYTES bytes.
 * No method throws: a failing store logs and answers "nothing" (a replay is never worth a crash).
 */
export interface ReplayStore {
  /** Keeps one finished replay (`meta.bytes` is `file.byteLength`). */
  put(meta: ReplayMeta, file: Uint8Array): Promise<void>;
  /** The most recent first, at most `limit`. */
  list(limit: number): Promise<ReplayMeta[]>;
  /** The file, or undefined when there is no such replay (or the store cannot be read now). */
  get(id: string): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}
