/**
 * The idle-join client process (pinned to the bots' core, like every client): a seated player keeps
 * one room open, then `joins` quick-play joins alternate over the endpoints, each timed from the
 * matchmaking request until the client holds the state and sorted by where the room lives:
 * "local" (on the process that answered the request) or "remote" (on another one). Command: joins.
 */
import { emit, serveIpc } from "../lib/childIpc.js";
import { sleep } from "../lib/clock.js";
import { FrameCounter, type Endpoint } from "./client.js";
import { ColyseusLight } from "./colyseusLight.js";

const endpoints: Endpoint[] = JSON.parse(process.env.BENCH_ENDPOINTS ?? "[]");
const GAP_MS = 25;

async function joins(count: number): Promise<Record<string, number[]>> {
  const frames = new FrameCounter();
  const holder = new ColyseusLight(endpoints[0]!, "holder", frames);
  await holder.join();
  const byPlace: Record<string, number[]> = { local: [], remote: [] };
  try {
    for (let i = 0; i < count; i++) {
      const endpoint = endpoints[i % endpoints.length]!;
      const client = new ColyseusLight(endpoint, `idle${i}`, frames);
      const t0 = performance.now();
      await client.join();
      byPlace[client.roomHost === endpoint.host ? "local" : "remote"]!.push(performance.now() - t0);
      client.leave();
      await sleep(GAP_MS);
    }
  } finally {
    holder.leave();
  }
  return byPlace;
}

serveIpc({ joins: (a) => joins(Number(a.count)) });
emit("ready");
