/** Port of the game server that `npm run dev` starts, used by the Vite dev server by default. */
export const DEV_SERVER_PORT = 2567;

export interface UrlEnv {
  /** Build-time override (`VITE_SERVER_URL`). */
  override?: string;
  /** True under `vite` (dev server): the page is not served by the game server. */
  dev: boolean;
}

export interface PageLocation {
  protocol: string;
  hostname: string;
  host: string;
}

/**
 * Where the game server is. Default: the page's own origin, with ws/wss matching http/https (the
 * server serves the built client). Under the Vite dev server: the same host on DEV_SERVER_PORT.
 * A build-time VITE_SERVER_URL wins over both.
 */
export function resolveServerUrl(env: UrlEnv, page: PageLocation): string {
  const override = env.override?.trim();
  if (override) return override.replace(/\/+$/, "");
  const secure = page.protocol === "https:";
  const scheme = secure ? "wss" : "ws";
  if (env.dev) return `${scheme}://${page.hostname}:${DEV_SERVER_PORT}`;
  return `${scheme}://${page.host}`;
}

/** The server URL for this page and build. */
export function serverUrl(): string {
  return resolveServerUrl({ override: import.meta.env.VITE_SERVER_URL, dev: import.meta.env.DEV }, window.location);
}
