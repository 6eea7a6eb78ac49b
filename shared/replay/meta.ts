/** What `GET /replays` lists for each stored replay (and what a store keeps beside the file). */
export interface ReplayMeta {
  /** URL-safe id (REPLAY_ID_PATTERN): `GET /replays/:id` downloads the file. */
  id: string;
  /** The room type's replay kind ("arena", …): which shared simulation re-runs it. */
  game: string;
  roomId: string;
  round: number;
  /** When the round started (ISO 8601). */
  startedAt: string;
  durationMs: number;
  /** Steps re-simulated. */
  steps: number;
  /** Everyone seated at the end of the round, best first. */
  players: Array<{ name: string; score: number; bot: boolean }>;
  /** Size of the stored (compressed) file. */
  bytes: number;
}

/** Replay ids: letters, digits and dashes, at most 64 characters. */
export const REPLAY_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/** The media type of a replay file (gzip-compressed, see shared/replay/format.ts). */
export const REPLAY_MEDIA_TYPE = "application/vnd.orb-arena.replay";
/** File extension of a downloaded replay. */
export const REPLAY_FILE_EXTENSION = ".orbreplay";
