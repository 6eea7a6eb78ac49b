/** A game server as a real child process (launch/gameServer.ts, as `npm run cluster` starts them), with the test limits. */
import { ServerProcess } from "../../server/launch/gameServer.js";
import { TEST_LIMITS_ENV } from "./limits.js";

export type GameProcess = ServerProcess;

export const GameProcess = {
  /** Starts one on a free port, listening on 127.0.0.1, logging at info, with no client files. */
  start(env: Record<string, string>, timeoutMs = 15_000): Promise<GameProcess> {
    return ServerProcess.start({ env: { HOST: "127.0.0.1", CLIENT_DIR: "", LOG_LEVEL: "info", ...TEST_LIMITS_ENV, ...env }, readyTimeoutMs: timeoutMs });
  },
};
