/** Replay metas and files for the store and HTTP tests (opaque bytes: the stores never read them). */
import type { ReplayMeta } from "../../shared/replay/meta.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");

/** A replay's meta: started `n` seconds after T0 (a larger n is newer). */
export function replayMeta(n: number, id = `r-${n}`): ReplayMeta {
  return {
    id,
    game: "arena",
    roomId: "ABCDEF",
    round: n,
    startedAt: new Date(T0 + n * 1000).toISOString(),
    durationMs: 120_000,
    steps: 2400,
    players: [{ name: "Ann", score: 3, bot: false }, { name: "Bot 1", score: 1, bot: true }],
    bytes: 0,
  };
}

/** Bytes that are recognisably replay `n`'s. */
export function replayFile(n: number, size = 100): Uint8Array {
  const file = new Uint8Array(size);
  for (let i = 0; i < size; i++) file[i] = (n * 31 + i) & 0xff;
  return file;
}
