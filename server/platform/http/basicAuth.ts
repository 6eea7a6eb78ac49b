import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";

/**
 * HTTP basic auth for an Express mount (user "admin"). Colyseus' own `basicAuth` is a router
 * middleware; the monitor is mounted on Express, so this guards every path under it.
 */
export function requirePassword(password: string, realm = "Orb Arena monitor"): RequestHandler {
  const expected = Buffer.from(`admin:${password}`);
  return (req, res, next) => {
    const header = req.headers.authorization ?? "";
    const given = header.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64") : Buffer.alloc(0);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    res.setHeader("WWW-Authenticate", `Basic realm="${realm}", charset="UTF-8"`);
    res.status(401).json({ error: "authentication required" });
  };
}
