import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { DEV_SERVER_PORT, resolveServerUrl } from "../game-client/net/serverUrl.js";
import { gameServerPort } from "../server/dev.mjs";
import { launchChromium, openPlayer, readHook, waitForGame } from "./helpers/browser.js";

const page = (protocol: string, host: string) => ({ protocol, host, hostname: host.replace(/:\d+$/, "") });

describe("the client's game server address", () => {
  it("is the page's own origin for a client the game server serves", () => {
    assert.equal(resolveServerUrl({ dev: false }, page("http:", "localhost:2567")), "ws://localhost:2567");
    assert.equal(resolveServerUrl({ dev: false }, page("https:", "play.example.com")), "wss://play.example.com");
  });

  it("under the Vite dev server, is the page's host on the game server's port", () => {
    assert.equal(resolveServerUrl({ dev: true, devServerPort: "41234" }, page("http:", "localhost:5173")), "ws://localhost:41234");
    assert.equal(resolveServerUrl({ dev: true, devServerPort: "41234" }, page("https:", "192.168.1.9:5173")), "wss://192.168.1.9:41234");
    // `npm run dev:client` alone: the game server's default port.
    assert.equal(resolveServerUrl({ dev: true }, page("http:", "localhost:5173")), `ws://localhost:${DEV_SERVER_PORT}`);
    assert.equal(resolveServerUrl({ dev: true, devServerPort: "" }, page("http:", "localhost:5173")), `ws://localhost:${DEV_SERVER_PORT}`);
    assert.throws(() => resolveServerUrl({ dev: true, devServerPort: "http" }, page("http:", "localhost:5173")), /VITE_GAME_SERVER_PORT/);
  });

  it("is VITE_SERVER_URL when it is set, in a build and under the dev server", () => {
    for (const dev of [false, true]) {
      assert.equal(resolveServerUrl({ dev, override: " wss://play.example.com/ ", devServerPort: "41234" }, page("http:", "localhost:5173")), "wss://play.example.com");
    }
  });

  it("npm run dev finds the game server's port in the line it prints", () => {
    assert.equal(gameServerPort("Orb Arena is running: open http://localhost:41234/"), 41234);
    assert.equal(gameServerPort("Orb Arena is running: open http://127.0.0.1:2567/"), 2567);
    assert.equal(gameServerPort('{"level":30,"event":"listening","port":41234}'), undefined);
  });
});

describe("npm run dev", function () {
  this.timeout(90_000);
  let dev: ChildProcess | undefined;
  let output = "";
  let browser: Browser | undefined;

  /** Resolves with the first match of `pattern` in what npm run dev printed; rejects on timeout or exit. */
  const waitForOutput = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`npm run dev exited before printing ${pattern}:\n${output}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`npm run dev did not print ${pattern} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        dev!.stdout!.off("data", check);
        dev!.stderr!.off("data", check);
        dev!.off("exit", onExit);
      };
      dev!.stdout!.on("data", check);
      dev!.stderr!.on("data", check);
      dev!.once("exit", onExit);
      check();
    });

  before(() => {
    // The dev script as package.json has it, started the way npm starts it (a shell), on free ports.
    const script = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts.dev!;
    assert.match(script, /^node server\/dev\.mjs /);
    dev = spawn("sh", ["-c", script], { env: { ...process.env, PORT: "0", HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    dev.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    dev.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  });

  after(async () => {
    await browser?.close();
    if (dev && dev.exitCode === null && dev.signalCode === null) {
      const exited = new Promise((resolve) => dev!.once("exit", resolve));
      process.kill(-dev.pid!, "SIGINT");
      const timer = setTimeout(() => process.kill(-dev!.pid!, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
  });

  it("prints the address of the client from source, which plays on the game server it started", async () => {
    const [, clientUrl] = await waitForOutput(/Orb Arena \(development\) is running: open (http:\/\/\S+)/, 60_000);
    const [, port] = await waitForOutput(/game server from source on port (\d+)/, 1_000);
    assert.doesNotMatch(output, /Orb Arena is running: open/, "the game server's own address (no client in development) is not offered");

    const html = await (await fetch(clientUrl!)).text();
    assert.match(html, /<title>Orb Arena<\/title>/);
    assert.match(html, /\/@vite\/client/, "served by Vite's dev server, not a build");
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200, "the game server answers on the port the client is given");
    assert.doesNotMatch(await (await fetch(`http://127.0.0.1:${port}/`)).text(), /<title>Orb Arena/, "the game server serves no built client in development");

    browser = await launchChromium();
    const player = await openPlayer(browser, clientUrl!, "dev");
    const sockets: string[] = [];
    player.page.on("websocket", (socket) => sockets.push(socket.url()));
    await player.page.getByTestId("quick-play").click();
    await waitForGame(player.page, 30_000).catch(async (err: unknown) => {
      const page = await player.page.evaluate(() => document.body.innerText.slice(0, 500)).catch(() => "(unreadable)");
      throw new Error(`${String(err)}\npage: ${page}\nbrowser errors: ${player.errors.join(" | ")}\nnpm run dev output:\n${output.slice(-3000)}`);
    });
    const hook = await readHook(player.page);
    assert.equal(hook.screen, "game");
    assert.ok(hook.roomId);
    const gameServer = `ws://${new URL(clientUrl!).hostname}:${port}/`;
    assert.ok(sockets.some((url) => url.startsWith(gameServer)), `the game's WebSocket goes to ${gameServer}; opened: ${sockets.join(", ")}`);
    assert.deepEqual(player.unexpectedErrors(), []);
  });
});
