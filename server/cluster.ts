/**
 * Local multi-process play: N game processes on consecutive ports sharing one Redis.
 *   npm run cluster -- --count 2 --port 2567 --redis redis://127.0.0.1:6379
 * Each child gets PORT, PUBLIC_ADDRESS (host:port) and REDIS_URL; their output is prefixed with
 * the port. SIGINT/SIGTERM stop them all.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SERVER_NODE_FLAGS } from "./nodeFlags.js";

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

const entry = fileURLToPath(new URL("./main.ts", import.meta.url));
const children: ChildProcess[] = [];
for (let i = 0; i < count; i++) {
  const port = basePort + i;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, "--import", "tsx", entry], {
    env: { ...process.env, PORT: String(port), PUBLIC_ADDRESS: `${values.host}:${port}`, REDIS_URL: values.redis },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = (chunk: Buffer) => chunk.toString().replace(/^(?=.)/gm, `[${port}] `);
  child.stdout!.on("data", (d: Buffer) => process.stdout.write(prefix(d)));
  child.stderr!.on("data", (d: Buffer) => process.stderr.write(prefix(d)));
  child.on("exit", (code, signal) => {
    console.log(`[${port}] exited (${signal ?? code})`);
    if (!stopping) stop(1);
  });
  children.push(child);
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once("exit", r)) : undefined))).then(() =>
    process.exit(code),
  );
}
process.on("SIGINT", () => stop());
process.on("SIGTERM", () => stop());
