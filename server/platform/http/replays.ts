/**
 * `GET /replays` (the recent replays' metas, newest first) and `GET /replays/:id` (one file), on
 * the server's Express app like /health. Both are limited per client address (the address the
 * gate stamped, addressStamp.ts) and answer CORS like Colyseus' matchmaking GETs: an allowed page
 * origin (ALLOWED_ORIGINS; default the server's own and localhost) may read them, other origins'
 * pages may not, requests without an Origin (tools, bots) may. Refusals are `{ code, message }`.
 */
import type { Application, Request, Response } from "express";
import { ERROR_CODE, type ErrorCode } from "../../../shared/protocol.js";
import { REPLAY_FILE_EXTENSION, REPLAY_ID_PATTERN, REPLAY_MEDIA_TYPE } from "../../../shared/replay/meta.js";
import type { Logger } from "../../logger.js";
import type { ServedReplayStore } from "../replay/served.js";
import { addressKey } from "../scale/addressKey.js";
import { KeyedBuckets } from "../scale/keyedBuckets.js";
import { ADDRESS_HEADER } from "./addressStamp.js";
import type { OriginPolicy } from "./origins.js";

/** `GET /replays?limit=`: default and bounds. */
export const REPLAY_LIST_DEFAULT = 50;
export const REPLAY_LIST_MAX = 200;

export interface ReplayRouteDeps {
  store: ServedReplayStore;
  originAllowed: OriginPolicy;
  /** Requests per client address per minute, also the burst (REPLAY_REQUESTS_PER_MINUTE). */
  requestsPerMinute: number;
  /** Client addresses remembered at most (MATCHMAKE_TRACKED_ADDRESSES). */
  trackedAddresses: number;
  logger: Logger;
}

export function mountReplayRoutes(app: Application, deps: ReplayRouteDeps): void {
  const buckets = new KeyedBuckets(deps.requestsPerMinute, deps.trackedAddresses);

  /** CORS headers, then false (and a 429 sent) when the client's address is over its budget. */
  const admit = (req: Request, res: Response): boolean => {
    const origin = req.headers.origin;
    if (!origin) res.setHeader("Access-Control-Allow-Origin", "*");
    else if (deps.originAllowed(origin, req.headers.host)) res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Vary", "Origin");
    res.setHeader("Access-Control-Expose-Headers", "Content-Disposition");
    const header = req.headers[ADDRESS_HEADER];
    const key = addressKey(Array.isArray(header) ? header[0] : header);
    if (buckets.take(key)) return true;
    res.setHeader("Retry-After", String(Math.max(1, buckets.retryAfterSeconds(key))));
    refuse(res, 429, ERROR_CODE.RATE_LIMITED, "Too many replay requests from this address; try again shortly.");
    return false;
  };

  app.get("/replays", (req, res) => {
    if (!admit(req, res)) return;
    const limit = parseLimit(req.query.limit);
    if (limit === undefined) return refuse(res, 400, ERROR_CODE.INVALID_PAYLOAD, `limit must be an integer from 1 to ${REPLAY_LIST_MAX}.`);
    deps.store.recent(limit).then(
      (replays) => {
        if (replays === "unavailable") return unavailable(res);
        res.setHeader("Cache-Control", "no-store");
        res.json({ replays });
      },
      (err: unknown) => failed(res, deps.logger, err),
    );
  });

  app.get("/replays/:id", (req, res) => {
    if (!admit(req, res)) return;
    const raw = String(req.params.id ?? "");
    const id = raw.endsWith(REPLAY_FILE_EXTENSION) ? raw.slice(0, -REPLAY_FILE_EXTENSION.length) : raw;
    if (!REPLAY_ID_PATTERN.test(id)) return refuse(res, 400, ERROR_CODE.INVALID_PAYLOAD, "A replay id is 1 to 64 letters, digits or dashes.");
    deps.store.find(id).then(
      (found) => {
        if (found === "unavailable") return unavailable(res);
        if (found === "missing") return refuse(res, 404, ERROR_CODE.NOT_FOUND, `No replay "${id}" (it may have been removed to keep within the retention limits).`);
        res.status(200);
        res.setHeader("Content-Type", REPLAY_MEDIA_TYPE);
        res.setHeader("Content-Length", String(found.byteLength));
        res.setHeader("Content-Disposition", `attachment; filename="${id}${REPLAY_FILE_EXTENSION}"`);
        res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.end(Buffer.from(found.buffer, found.byteOffset, found.byteLength));
      },
      (err: unknown) => failed(res, deps.logger, err),
    );
  });
}

/** `limit` absent → the default; one decimal integer within 1..REPLAY_LIST_MAX → it; anything else → undefined. */
export function parseLimit(value: unknown): number | undefined {
  if (value === undefined) return REPLAY_LIST_DEFAULT;
  if (typeof value !== "string" || !/^\d{1,4}$/.test(value)) return undefined;
  const limit = Number(value);
  return limit >= 1 && limit <= REPLAY_LIST_MAX ? limit : undefined;
}

function refuse(res: Response, status: number, code: ErrorCode, message: string): void {
  if (res.headersSent) return;
  res.setHeader("Cache-Control", "no-store");
  res.status(status).json({ code, message });
}

function unavailable(res: Response): void {
  res.setHeader("Retry-After", "1");
  refuse(res, 503, ERROR_CODE.UNAVAILABLE, "The replay store does not answer now; try again shortly.");
}

function failed(res: Response, logger: Logger, err: unknown): void {
  logger.error({ event: "replay_route_failed", err }, "replay request failed");
  unavailable(res);
}
