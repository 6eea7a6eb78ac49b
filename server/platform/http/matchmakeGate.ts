import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import { JOIN_ERROR, MATCHMAKE_ERROR } from "../../../shared/protocol.js";
import type { HttpLimits } from "../../config.js";
import type { Logger } from "../../logger.js";
import { takeColyseusRouter } from "../colyseus/httpListeners.js";
import { matchmakingCorsHeaders } from "../colyseus/matchmakerEntry.js";
import type { AddressStamp } from "./addressStamp.js";
import { decodeUtf8, isJsonContentType, nestsDeeperThan, parseJson, readLimitedBody } from "./jsonBody.js";
import { matchmakeOptionKeys, pickOptions } from "./matchmakeOptions.js";
import type { OriginPolicy } from "./origins.js";

/** After a refusal, the rest of the body is read and dropped for at most this long, then the connection closes. */
const LINGER_MS = 1000;

export interface MatchmakeGateDeps {
  limits: Readonly<HttpLimits>;
  originAllowed: OriginPolicy;
  stamp: AddressStamp;
  logger: Logger;
  /** Called for each refused request (a metrics label). */
  onRefused?: (reason: keyof typeof MATCHMAKE_ERROR | "INVALID_OPTIONS") => void;
}

/**
 * Stands in front of Colyseus' HTTP handler. Every request gets the client's address stamped
 * (addressStamp.ts); a matchmaking POST must come from an allowed Origin, be JSON within the size
 * and depth limits and an object, and reaches Colyseus as `req.body` holding only the options the
 * room reads (Colyseus' router uses `req.body` when set instead of reading the stream).
 *
 * Call after `server.listen()`: Colyseus then has exactly one "request" listener (its router,
 * which hands other paths to Express). Any other layout throws, and the server does not start.
 */
export function installMatchmakeGate(server: HttpServer, deps: MatchmakeGateDeps): void {
  const colyseus = takeColyseusRouter(server);
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    deps.stamp.stamp(req);
    if (req.method !== "POST" || !isMatchmakePath(req.url ?? "")) return colyseus.call(server, req, res);
    admit(req, res, deps).then(
      (admitted) => admitted && colyseus.call(server, req, res),
      (err: unknown) => {
        deps.logger.error({ err }, "matchmake gate failed");
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json", connection: "close" }).end('{"code":500,"error":"internal error"}');
      },
    );
  });
}

/** Colyseus routes `/matchmake/:method/:roomName`; anything resembling it is checked. */
function isMatchmakePath(url: string): boolean {
  let path = url.split("?")[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    // an undecodable path is checked as written
  }
  return /(^|\/)matchmake(\/|$)/i.test(path.replace(/^[a-z]+:\/\/[^/]*/i, ""));
}

/** Resolves true when the request may go on to Colyseus (with `req.body` set), false once refused. */
async function admit(req: IncomingMessage, res: ServerResponse, deps: MatchmakeGateDeps): Promise<boolean> {
  const refuse = (name: keyof typeof MATCHMAKE_ERROR | "INVALID_OPTIONS", message: string): false => {
    const code = name === "INVALID_OPTIONS" ? JOIN_ERROR.INVALID_OPTIONS : MATCHMAKE_ERROR[name];
    deps.onRefused?.(name);
    deps.logger.debug({ event: "matchmake_refused", reason: name, ip: req.headers["x-real-ip"], url: req.url }, "matchmaking request refused");
    if (res.headersSent || res.destroyed) return false;
    const body = JSON.stringify({ code, error: `${name}: ${message}` });
    res.writeHead(code, { ...corsHeaders(req), "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
    discardRest(req);
    return false;
  };

  if (!deps.originAllowed(req.headers.origin, req.headers.host)) return refuse("ORIGIN_NOT_ALLOWED", "this page's origin may not use matchmaking.");
  if (!isJsonContentType(req.headers["content-type"])) return refuse("UNSUPPORTED_MEDIA_TYPE", "matchmaking accepts application/json only.");
  const read = await readLimitedBody(req, deps.limits.matchmakeMaxBodyBytes);
  if (!read.ok) {
    if (read.reason === "aborted") return false;
    return refuse("BODY_TOO_LARGE", `options must be at most ${deps.limits.matchmakeMaxBodyBytes} bytes.`);
  }
  const text = decodeUtf8(read.bytes);
  if (text === undefined) return refuse("MALFORMED_JSON", "the body is not UTF-8.");
  if (nestsDeeperThan(text, deps.limits.matchmakeMaxJsonDepth)) return refuse("TOO_DEEP", `options nest deeper than ${deps.limits.matchmakeMaxJsonDepth} levels.`);
  const parsed = parseJson(text);
  if (!parsed) return refuse("MALFORMED_JSON", "the body is not JSON.");
  const options = parsed.value;
  if (options === null || typeof options !== "object" || Array.isArray(options)) return refuse("INVALID_OPTIONS", "options must be an object.");

  const segments = (req.url ?? "").split("?")[0]!.split("/");
  const at = segments.findIndex((segment) => segment.toLowerCase() === "matchmake");
  const [method = "", roomName = ""] = at < 0 ? [] : segments.slice(at + 1, at + 3);
  const kept = pickOptions(options as Record<string, unknown>, matchmakeOptionKeys(method, roomName));
  const json = JSON.stringify(kept);
  (req as IncomingMessage & { body?: unknown }).body = kept;
  req.headers["content-type"] = "application/json";
  req.headers["content-length"] = String(Buffer.byteLength(json));
  delete req.headers["transfer-encoding"];
  return true;
}

/**
 * Drops what is left of a refused request's body (nothing is kept) and closes the connection if
 * it has not ended within LINGER_MS. Closing at once would reset a client still sending before
 * it reads the answer; lingering lets it read the answer first.
 */
function discardRest(req: IncomingMessage): void {
  if (req.complete) return;
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  const done = () => {
    clearTimeout(timer);
    req.off("end", done);
    socket.off("close", done);
  };
  req.once("end", done);
  socket.once("close", done);
  req.resume();
}

/** The CORS headers Colyseus' router would send with this request's answer. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  return matchmakingCorsHeaders(headers);
}
