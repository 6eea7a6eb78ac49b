/**
 * The replay routes of the game server, from the page: `GET /replays` (the recent ones) and
 * `GET /replays/:id` (one file, unpacked here with the shared reader). Every failure becomes a
 * ReplayLoadError whose message a player can read; nothing here throws anything else.
 */
import { ReplayError } from "../../shared/replay/errors.js";
import { unpackReplay } from "../../shared/replay/file.js";
import type { DecodedReplay } from "../../shared/replay/format.js";
import { REPLAY_ID_PATTERN, type ReplayMeta } from "../../shared/replay/meta.js";
import { resolveServerUrl } from "../net/serverUrl.js";

/** Why a replay could not be shown: "missing" (404: unknown or not stored yet), "bad" (the file), "network" (no answer). */
export class ReplayLoadError extends Error {
  constructor(
    readonly kind: "missing" | "bad" | "network" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "ReplayLoadError";
  }
}

/** The game server's HTTP origin (the page's own, the dev server's game port, or VITE_SERVER_URL). */
export function httpBase(): string {
  const ws = resolveServerUrl({ override: import.meta.env.VITE_SERVER_URL, dev: import.meta.env.DEV, devServerPort: import.meta.env.VITE_GAME_SERVER_PORT }, window.location);
  return ws.replace(/^ws(s?):\/\//, "http$1://");
}

/** The page's own link to a replay (`/?replay=<id>`). */
export function replayLink(id: string): string {
  const url = new URL(window.location.href);
  url.search = `?replay=${encodeURIComponent(id)}`;
  url.hash = "";
  return url.toString();
}

/** The id asked for by the page's address (`?replay=`), or undefined. */
export function replayIdFromPage(): string | undefined {
  const id = new URLSearchParams(window.location.search).get("replay");
  return id === null ? undefined : id;
}

/** Drops `?replay=` from the address bar (back to the lobby) without reloading. */
export function clearReplayFromPage(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has("replay")) return;
  url.searchParams.delete("replay");
  window.history.replaceState(null, "", url.toString());
}

/** Sets `?replay=<id>` in the address bar (the viewer is open) without reloading. */
export function showReplayInPage(id: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set("replay", id);
  window.history.replaceState(null, "", url.toString());
}

async function get(path: string, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(`${httpBase()}${path}`, { signal, cache: "no-store" });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ReplayLoadError("network", "The game server did not answer; check your connection and try again.");
  }
}

async function refusal(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: unknown };
    if (typeof body.message === "string" && body.message) return body.message;
  } catch {
    // not JSON: the status says enough
  }
  return `The server answered ${res.status}.`;
}

/** The recent replays, newest first. */
export async function listReplays(limit = 20, signal?: AbortSignal): Promise<ReplayMeta[]> {
  const res = await get(`/replays?limit=${limit}`, signal);
  if (!res.ok) throw new ReplayLoadError("network", await refusal(res));
  const body = (await res.json().catch(() => undefined)) as { replays?: unknown } | undefined;
  if (!body || !Array.isArray(body.replays)) throw new ReplayLoadError("bad", "The server's replay list is malformed.");
  return body.replays as ReplayMeta[];
}

export interface LoadOptions {
  /** A 404 is asked again this many times (a round's replay is stored a moment after the round ends). */
  retries?: number;
  retryMs?: number;
  signal?: AbortSignal;
}

/** Downloads and unpacks one replay; throws ReplayLoadError (a ReplayError's message for a bad file). */
export async function loadReplay(id: string, options: LoadOptions = {}): Promise<{ replay: DecodedReplay; bytes: Uint8Array }> {
  if (!REPLAY_ID_PATTERN.test(id)) throw new ReplayLoadError("invalid", `"${id.slice(0, 40)}" is not a replay id (1 to 64 letters, digits or dashes).`);
  const { retries = 0, retryMs = 400, signal } = options;
  let res: Response;
  for (let attempt = 0; ; attempt++) {
    res = await get(`/replays/${encodeURIComponent(id)}`, signal);
    if (res.status !== 404 || attempt >= retries) break;
    await new Promise((r) => setTimeout(r, retryMs));
    if (signal?.aborted) throw new ReplayLoadError("network", "Cancelled.");
  }
  if (res.status === 404) throw new ReplayLoadError("missing", await refusal(res));
  if (!res.ok) throw new ReplayLoadError("network", await refusal(res));
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch {
    throw new ReplayLoadError("network", "The replay download was cut off; try again.");
  }
  try {
    return { replay: await unpackReplay(bytes), bytes };
  } catch (err) {
    throw new ReplayLoadError("bad", `This replay cannot be played: ${err instanceof ReplayError ? err.message : String(err)}.`);
  }
}
