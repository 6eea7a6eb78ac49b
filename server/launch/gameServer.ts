/**
 * Starting a game server as a child process, the one way every tool does it: `node` with the
 * server's flags (server/nodeFlags.ts), tsx, and the entry (server/main.ts, or the benchmark's
 * wrapper around the same createGameServer). Used by `npm run cluster`, the soak, the tests
 * (test/helpers/gameProcess.ts) and the benchmark's server arms.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_FLAGS } from "../nodeFlags.js";
import { freePort } from "./freePort.js";

/** The server's entry point. */
export const SERVER_ENTRY = fileURLToPath(new URL("../main.ts", import.meta.url));
/** What the entry prints once it accepts connections. */
export const READY_LINE = "Orb Arena is running";

export interface SpawnServerOptions {
  /** A script to run instead of server/main.ts (absolute path). */
  entry?: string;
  /** Added to this process's environment. */
  env?: Readonly<Record<string, string>>;
  /** Node flags after the server's own (e.g. --expose-gc). */
  nodeFlags?: readonly string[];
  /** A command the process runs under, e.g. `["taskset", "-c", "1"]`. */
  wrapper?: readonly string[];
  /** Opens an IPC channel to the child (the benchmark's probe answers on it). */
  ipc?: boolean;
}

/** Spawns the server process (stdout and stderr piped); the caller owns it. */
export function spawnServer(options: SpawnServerOptions = {}): ChildProcess {
  const [command, ...args] = [
    ...(options.wrapper ?? []),
    process.execPath,
    ...SERVER_NODE_FLAGS,
    ...(options.nodeFlags ?? []),
    "--import",
    "tsx",
    options.entry ?? SERVER_ENTRY,
  ];
  return spawn(command!, args, {
    env: { ...process.env, ...options.env },
    stdio: options.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  });
}

export interface StartServerOptions extends Omit<SpawnServerOptions, "ipc"> {
  /** Port to listen on; a free one when not given. */
  port?: number;
  /** Host part of PUBLIC_ADDRESS (`host:port`). */
  publicHost?: string;
  /** Called with each chunk the process writes. */
  onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
  /** Bound on the wait for READY_LINE. */
  readyTimeoutMs?: number;
}

/** A running game server process: its address, its output, and a clean stop. */
export class ServerProcess {
  private output = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly port: number,
    readonly publicAddress: string,
    private readonly child: ChildProcess,
    onOutput?: StartServerOptions["onOutput"],
  ) {
    const keep = (stream: "stdout" | "stderr") => (d: Buffer) => {
      const chunk = d.toString();
      this.output += chunk;
      onOutput?.(chunk, stream);
    };
    child.stdout!.on("data", keep("stdout"));
    child.stderr!.on("data", keep("stderr"));
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  /**
   * Starts server/main.ts with PORT and PUBLIC_ADDRESS set (then `env`) and resolves once it
   * prints READY_LINE; rejects, with its output, if it exits or times out first.
   */
  static async start(options: StartServerOptions = {}): Promise<ServerProcess> {
    const port = options.port ?? (await freePort());
    const publicAddress = `${options.publicHost ?? "127.0.0.1"}:${port}`;
    const child = spawnServer({ ...options, env: { PORT: String(port), PUBLIC_ADDRESS: publicAddress, ...options.env } });
    const server = new ServerProcess(port, publicAddress, child, options.onOutput);
    try {
      await server.waitForLog(READY_LINE, options.readyTimeoutMs ?? 15_000);
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }
  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get log(): string {
    return this.output;
  }
  get pid(): number | undefined {
    return this.child.pid;
  }
  /** False once the process has exited. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
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
        this.child.stderr!.off("data", check);
        this.child.off("exit", onExit);
      };
      this.child.stdout!.on("data", check);
      this.child.stderr!.on("data", check);
      this.child.once("exit", onExit);
      check();
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGTERM (a clean shutdown), then waits for the exit. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill("SIGTERM");
    await this.exited;
  }
}
