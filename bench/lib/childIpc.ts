/**
 * Child side of the benchmark's IPC: answer the orchestrator's commands, announce events, and
 * never outlive the orchestrator (exit on disconnect, and after a hard lifetime cap).
 */
export type Handlers = Record<string, (args: Record<string, unknown>) => unknown>;

interface Request {
  id: number;
  cmd: string;
  args?: Record<string, unknown>;
}

const MAX_LIFETIME_MS = 20 * 60_000;

export function serveIpc(handlers: Handlers, onStop: () => Promise<void> | void = () => undefined): void {
  if (!process.send) throw new Error("this script is started by bench/run.ts (it needs an IPC channel)");
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    try {
      await Promise.race([onStop(), new Promise((r) => setTimeout(r, 3000))]);
    } finally {
      process.exit(code);
    }
  };
  process.on("message", (raw: unknown) => {
    const req = raw as Request;
    if (req.cmd === "stop") {
      reply(req.id, true, null);
      void stop(0);
      return;
    }
    const handler = handlers[req.cmd];
    if (!handler) return reply(req.id, false, `unknown command ${req.cmd}`);
    Promise.resolve()
      .then(() => handler(req.args ?? {}))
      .then(
        (result) => reply(req.id, true, result ?? null),
        (err: unknown) => reply(req.id, false, err instanceof Error ? err.stack ?? err.message : String(err)),
      );
  });
  process.on("disconnect", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  setTimeout(() => void stop(3), MAX_LIFETIME_MS).unref();
}

function reply(id: number, ok: boolean, result: unknown): void {
  if (process.connected) process.send!({ id, ok, result });
}

/** Tells the orchestrator something happened (e.g. `ready` with the bound port). */
export function emit(event: string, data: Record<string, unknown> = {}): void {
  if (process.connected) process.send!({ event, data });
}
