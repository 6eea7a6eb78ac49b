import { matchMaker } from "@colyseus/core";

/** Colyseus' matchmaking entry: every HTTP join/create/quick play goes through it. */
export type MatchmakerEntry = typeof matchMaker.controller.invokeMethod;

type Controller = typeof matchMaker.controller & { __wrapped?: MatchmakerEntry };

/**
 * Puts `wrap(original)` in place of `matchMaker.controller.invokeMethod(method, roomName,
 * clientOptions, authContext)` (Colyseus has no hook before a seat is reserved). Once per process:
 * a later call replaces the wrapper around the same original. Throws when the entry is not there.
 */
export function wrapMatchmakerEntry(wrap: (original: MatchmakerEntry) => MatchmakerEntry): void {
  const controller = matchMaker.controller as Controller;
  const original: MatchmakerEntry | undefined = controller.__wrapped ?? controller.invokeMethod;
  if (typeof original !== "function" || original.length < 2) {
    throw new Error("Colyseus' matchMaker.controller.invokeMethod(method, roomName, options, authContext) is not there: matchmaking limits cannot apply");
  }
  const bound = original.bind(controller) as MatchmakerEntry;
  controller.__wrapped = original;
  controller.invokeMethod = wrap(bound);
}

/**
 * Makes matchmaking answer CORS only to allowed origins: Colyseus' default headers allow any
 * origin (`DEFAULT_CORS_HEADERS`) and `getCorsHeaders` is the one hook it calls per request.
 */
export function restrictMatchmakingCors(originAllowed: (origin: string, host: string | null) => boolean): void {
  delete (matchMaker.controller.DEFAULT_CORS_HEADERS as Record<string, string>)["Access-Control-Allow-Origin"];
  matchMaker.controller.getCorsHeaders = (headers: Headers): Record<string, string> => {
    const origin = headers.get("origin");
    if (!origin) return { "Access-Control-Allow-Origin": "*" };
    return originAllowed(origin, headers.get("host")) ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : { Vary: "Origin" };
  };
}

/** The CORS headers Colyseus' router sends with a matchmaking answer to a request with `headers`. */
export function matchmakingCorsHeaders(headers: Headers): Record<string, string> {
  return { ...matchMaker.controller.DEFAULT_CORS_HEADERS, ...matchMaker.controller.getCorsHeaders(headers) } as Record<string, string>;
}
