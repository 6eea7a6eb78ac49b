/** Entry point: read config, start the server, stop cleanly on SIGTERM/SIGINT. */
import { exitIfUnsupportedNode } from "./nodeVersion.js";

// On an unsupported Node, stop with how to get a supported one before the server's modules are loaded.
exitIfUnsupportedNode();
const { createGameServer } = await import("./app.js");
const { ConfigError, loadConfig } = await import("./config.js");
const { installLastResort } = await import("./lastResort.js");

try {
  const config = loadConfig(process.env);
  const game = createGameServer(config);
  installLastResort(game.logger);
  const port = await game.listen();
  const shown = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  console.log(`Orb Arena is running: open http://${shown}:${port}/`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    game.logger.info({ event: "shutdown", signal }, "shutting down");
    game.close().then(
      () => process.exit(0),
      (err: unknown) => {
        game.logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
