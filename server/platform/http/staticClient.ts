import type { RequestHandler } from "express";
import type { ServerResponse } from "node:http";
import expressStaticGzip from "express-static-gzip";
import { relative, sep } from "node:path";

/** A build's content-hashed file: Vite names everything it emits under assets/ `<name>-<hash>.<ext>`. */
const HASHED = /^assets\/.+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;
const PRECOMPRESSED = /\.(br|gz)$/;

export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
export const CACHE_REVALIDATE = "no-cache";

/**
 * The built browser client. Each file is served as its precompressed copy written at build time
 * (game-client/precompress.ts): brotli when the request accepts it, else gzip, else the file itself,
 * with `Vary: Accept-Encoding`; nothing is compressed per request. Hashed assets are cached for a
 * year as immutable; index.html and anything else unhashed is revalidated on every use (ETag, 304),
 * so a new release is picked up at once. The folder is read when the handler is made: a build
 * written later is served, but without its compressed copies until the next start.
 */
export function staticClient(dir: string): RequestHandler {
  return expressStaticGzip(dir, {
    enableBrotli: true,
    orderPreference: ["br", "gzip"],
    index: "index.html",
    serveStatic: {
      setHeaders: (res: ServerResponse, file: string) => {
        res.setHeader("Cache-Control", cacheControlFor(relative(dir, file).split(sep).join("/")));
      },
    },
  }) as RequestHandler;
}

/** Cache-Control for a file of the build, by its path relative to the build's folder. */
export function cacheControlFor(path: string): string {
  return HASHED.test(path.replace(PRECOMPRESSED, "")) ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
}
