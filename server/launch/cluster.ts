/**
 * Local multi-process play: N game processes on consecutive ports sharing one Redis.
 *   npm run cluster -- --count 2 --port 2567 --redis redis://127.0.0.1:6379
 * Each child gets PORT, PUBLIC_ADDRESS (host:port) and REDIS_URL; their output is prefixed with
 * the port. SIGINT/SIGTERM stop them all.
 */
import { parseArgs } from "node:util";
import { ServerProcess } from "./gameServer.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "2" },
    port: { type: "string", default: "2567" },
    redis: { type: "string", default: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" },
    host: { type: "string", default: "localhost" },
  },
});
const count = Number(values.count);
const basePort = Number(values.port);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(basePort) || basePort < 1) {
  console.error("usage: npm run cluster -- --count N --port FIRST_PORT --redis redis://host:port [--host public-hostname]");
  process.exit(2);
}

const children: ServerProcess[] = [];
let stopping = false;
const starting = Promise.allSettled(
  Array.from({ length: count }, async (_, i) => {
    const port = basePort + i;
    const prefix = (chunk: string) => chunk.replace(/^(?=.)/gm, `[${port}] `);
    const child = await ServerProcess.start({
      port,
      publicHost: values.host,
      env: { REDIS_URL: values.redis },
      onOutput: (chunk, stream) => (stream === "stdout" ? process.stdout : process.stderr).write(prefix(chunk)),
    });
    children.push(child);
    void child.exited.then(({ code, signal }) => {
      console.log(`[${port}] exited (${signal ?? code})`);
      if (!stopping) stop(1);
    });
  }),
);
const failed = (await starting).find((r) => r.status === "rejected");
if (failed) {
  console.error(String(failed.reason));
  stop(1);
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // Once every start has settled, so none is left running.
  void starting.then(() => Promise.all(children.map((c) => c.stop()))).then(() => process.exit(code));
}
process.on("SIGINT", () => stop());
process.on("SIGTERM", () => stop());
