/** Mocha fixture: a real server for the enclosing describe, and bots that leave after each test. */
import { Bot } from "../../bots/Bot.js";
import type { GameTuning } from "../../server/config.js";
import { startTestServer, type TestServer } from "./server.js";

export interface ServerFixture {
  readonly server: TestServer;
  readonly url: string;
  readonly httpUrl: string;
  /** Bot.join, remembering the bot so it leaves after the test. */
  join(...args: Parameters<typeof Bot.join>): Promise<Bot>;
}

export function serverFixture(tuning: Partial<GameTuning> = {}, env: Record<string, string> = {}): ServerFixture {
  let server: TestServer | undefined;
  const bots: Bot[] = [];
  before(async () => {
    server = await startTestServer(tuning, env);
  });
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.leave().catch(() => undefined)));
  });
  after(async () => {
    await server?.close();
  });
  const started = () => {
    if (!server) throw new Error("server fixture used outside a test");
    return server;
  };
  return {
    get server() {
      return started();
    },
    get url() {
      return started().url;
    },
    get httpUrl() {
      return started().httpUrl;
    },
    async join(...args) {
      const bot = await Bot.join(...args);
      bots.push(bot);
      return bot;
    },
  };
}
