export type OriginPolicy = (origin: string | null | undefined, host: string | null | undefined) => boolean;

/**
 * Origin allow-list for browsers. WebSockets are not covered by CORS, so the upgrade checks the
 * Origin header itself; matchmaking answers CORS only to allowed origins. Requests without an
 * Origin header (bots, servers) are not browsers and pass.
 */
export function createOriginPolicy(allowed: readonly string[]): OriginPolicy {
  if (allowed.includes("*")) return () => true;
  const list = new Set(allowed.map((o) => o.toLowerCase()));
  return (origin, host) => {
    if (!origin) return true;
    const o = origin.toLowerCase();
    if (list.size > 0) return list.has(o);
    // Default: the page's own origin, or any localhost port (development).
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      return false;
    }
    if (host && url.host === host.toLowerCase()) return true;
    return url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  };
}
