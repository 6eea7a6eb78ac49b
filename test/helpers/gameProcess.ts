/** A game server as a real child process (`node --import tsx server/main.ts`), as `npm run cluster` starts them. */
import { spawn, type ChildProcess } from "node:child_process";
import { TEST_LIMITS_ENV } from "./limits.js";
import { freePort } from "./ports.js";

export class GameProcess {
  private output = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    child.stdout!.on("data", (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }
  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get publicAddress(): string {
    return `127.0.0.1:${this.port}`;
  }
  get log(): string {
    return this.output;
  }

  static async start(env: Record<string, string>, timeoutMs = 15_000): Promise<GameProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", PUBLIC_ADDRESS: `127.0.0.1:${port}`, CLIENT_DIR: "", LOG_LEVEL: "info", ...TEST_LIMITS_ENV, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const game = new GameProcess(port, child);
    await game.waitForLog("Orb Arena is running", timeoutMs);
    return game;
  }

  /** Resolves when the process has printed `text`; rejects on timeout or exit. */
  waitForLog(text: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.output.includes(text)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no "${text}" within ${timeoutMs} ms; output:\n${this.output.slice(-3000)}`));
      }, timeoutMs);
      const onExit = () => {
        cleanup();
        reject(new Error(`process exited before "${text}"; output:\n${this.output.slice(-3000)}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.child.stdout!.off("data", check);
        this.child.off("exit", onExit);
      };
      this.child.stdout!.on("data", check);
      this.child.once("exit", onExit);
      check();
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    await this.exited;
  }
}
