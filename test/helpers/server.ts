/**
 * Starts the real game server in this process on a free port (port 0). Our own helper rather than
 * @colyseus/testing: its boot() listens on a fixed port and loads .env into process.env.
 */
import { createGameServer, type GameServer } from "../../server/app.js";
import { loadConfig, type GameTuning } from "../../server/config.js";
import type { Logger } from "../../server/logger.js";
import { TEST_LIMITS_ENV } from "./limits.js";

export interface TestServer {
  url: string;
  httpUrl: string;
  server: GameServer;
  close(): Promise<void>;
}

export async function startTestServer(tuning: Partial<GameTuning> = {}, env: Record<string, string> = {}, logger?: Logger): Promise<TestServer> {
  const base = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", ...TEST_LIMITS_ENV, ...env });
  const server = createGameServer({ ...base, game: { ...base.game, ...tuning } }, logger);
  const port = await server.listen();
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    server,
    close: () => server.close(),
  };
}
