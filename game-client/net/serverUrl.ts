/** Port of the game server the client looks for under the Vite dev server, unless told another one. */
export const DEV_SERVER_PORT = 2567;

export interface UrlEnv {
  /** Build-time override (`VITE_SERVER_URL`). */
  override?: string;
  /** True under `vite` (dev server): the page is not served by the game server. */
  dev: boolean;
  /** Under the dev server: the game server's port (`VITE_GAME_SERVER_PORT`, set by `npm run dev`); default DEV_SERVER_PORT. */
  devServerPort?: string;
}

export interface PageLocation {
  protocol: string;
  hostname: string;
  host: string;
}

/**
 * Where the game server is. Default: the page's own origin, with ws/wss matching http/https (the
 * server serves the built client). Under the Vite dev server: the same host on the game server's
 * port. A build-time VITE_SERVER_URL wins over both.
 */
export function resolveServerUrl(env: UrlEnv, page: PageLocation): string {
  const override = env.override?.trim();
  if (override) return override.replace(/\/+$/, "");
  const secure = page.protocol === "https:";
  const scheme = secure ? "wss" : "ws";
  if (env.dev) return `${scheme}://${page.hostname}:${devPort(env.devServerPort)}`;
  return `${scheme}://${page.host}`;
}

function devPort(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEV_SERVER_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`VITE_GAME_SERVER_PORT must be a port number (got "${value}")`);
  return port;
}
