// `npm run dev`: the game server from source (restarting on change) and the browser client from source
// (Vite's dev server, hot reload) together. The client is pointed at the game server's port; the game
// server serves no built client, so the address printed is the one client there is: Vite's.
// Usage: node server/dev.mjs <command that starts the game server...>
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The port in the game server's "running" line (server/main.ts), or undefined for any other line. */
export function gameServerPort(line) {
  const match = /^Orb Arena is running: open (http:\/\/\S+)/.exec(line);
  if (!match) return undefined;
  const url = new URL(match[1]);
  return Number(url.port || 80);
}

async function main(command, args) {
  if (!command) {
    console.error("usage: node server/dev.mjs <command that starts the game server...>");
    process.exit(2);
  }
  // No CLIENT_DIR: the game server must not serve a (stale) dist/client build in development.
  const server = spawn(command, args, { stdio: ["inherit", "pipe", "inherit"], env: { ...process.env, CLIENT_DIR: "" } });
  let vite;
  let clientUrl;
  let serverPort;
  let stopping = false;

  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await vite?.close();
    if (server.exitCode === null && server.signalCode === null) {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(130));
  process.on("SIGTERM", () => void stop(143));
  server.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(`The game server stopped (${signal ?? `exit code ${code}`}).`);
    void stop(code || 1);
  });

  const startClient = async (port) => {
    // Vite exposes VITE_* variables to the client (game-client/net/serverUrl.ts reads this one).
    process.env.VITE_GAME_SERVER_PORT = String(port);
    // The client from source is a development build even when the shell says NODE_ENV=production
    // (import.meta.env.DEV decides where the client looks for the game server).
    process.env.NODE_ENV = "development";
    const { createServer } = await import("vite");
    vite = await createServer({ configFile: fileURLToPath(new URL("../game-client/vite.config.ts", import.meta.url)) });
    await vite.listen();
    clientUrl = vite.resolvedUrls?.local[0];
    if (!clientUrl) throw new Error("Vite's dev server started but reported no local address");
    console.log(`Orb Arena (development) is running: open ${clientUrl}`);
    console.log(`  the client from source with hot reload (Vite), playing on the game server from source on port ${port} (restarts on change)`);
  };

  for await (const line of createInterface({ input: server.stdout })) {
    const port = gameServerPort(line);
    if (port === undefined) {
      console.log(line);
    } else if (serverPort === undefined) {
      serverPort = port;
      startClient(port).catch((err) => {
        console.error("The client's dev server (Vite) did not start:", err);
        void stop(1);
      });
    } else if (port !== serverPort) {
      console.error(`The game server restarted on port ${port}, but the client plays on port ${serverPort}: stop and start npm run dev again (or set a fixed PORT).`);
    } else {
      console.log(`Game server restarted on port ${port}; the client is still at ${clientUrl ?? "(starting)"}`);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv[2], process.argv.slice(3));
