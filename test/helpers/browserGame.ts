import { mkdir } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { Bot } from "../../bots/Bot.js";
import type { GameTuning } from "../../server/config.js";
import { buildClient, launchChromium } from "./browser.js";
import { startTestServer, type TestServer } from "./server.js";

/** Where browser tests write their screenshots. */
export const OUTPUT_DIR = "test-output";

export interface BrowserGame {
  readonly browser: Browser;
  readonly server: TestServer;
  /** An SDK bot ("Orbiter") in a room of its own, driving to orbs: the room the pages join. */
  readonly host: Bot;
  /** Run after the describe's tests, last pushed first (pages, bots, checks of their errors). */
  readonly closers: Array<() => Promise<unknown>>;
}

/**
 * For the enclosing describe: the client built once, Chromium, a test server serving that client with
 * `tuning` and `env`, and the host bot; all of it closed after the describe (closers first, in reverse).
 */
export function browserGame(tuning: Partial<GameTuning>, env: Record<string, string> = {}): BrowserGame {
  let browser: Browser | undefined;
  let server: TestServer | undefined;
  let host: Bot | undefined;
  let client: { dir: string; remove(): Promise<void> } | undefined;
  const closers: Array<() => Promise<unknown>> = [];

  before(async function () {
    this.timeout(120_000);
    [client, browser] = await Promise.all([buildClient(), launchChromium()]);
    server = await startTestServer(tuning, { CLIENT_DIR: client.dir, ...env });
    await mkdir(OUTPUT_DIR, { recursive: true });
    host = await Bot.join(server.url, { kind: "create" }, { name: "Orbiter" });
    host.drive("orbs");
    closers.push(() => host!.leave());
  });
  after(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
    await server?.close();
    await browser?.close();
    await client?.remove();
  });

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`browserGame: ${name} used before the describe's before() ran`);
    return value;
  };
  return {
    get browser() {
      return ready(browser, "browser");
    },
    get server() {
      return ready(server, "server");
    },
    get host() {
      return ready(host, "host");
    },
    closers,
  };
}
