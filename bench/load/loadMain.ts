/**
 * The load process (pinned to the bots' core): N light bots of one arm, each joining by quick
 * play and sending one input per simulation step from its Walker. Reports, for a window on the
 * shared clock, socket bytes in and out of the bots present throughout and this process's CPU
 * time; and the count of state frames received. Commands: setCount, window, report, frames.
 */
import { TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { emit, serveIpc } from "../lib/childIpc.js";
import { monoMs, sleep, sleepUntil } from "../lib/clock.js";
import { Walker } from "../sim/behaviour.js";
import { FrameCounter, type Endpoint, type LightClient } from "./client.js";
import { lightClient, type Arm } from "./factory.js";

interface LoadBot {
  index: number;
  client: LightClient;
  walker: Walker;
  nextAt: number;
  read0: number;
  written0: number;
  read1: number;
  written1: number;
}

const STEP_MS = 1000 / TICK_RATE_HZ;
const arm = process.env.BENCH_ARM as Arm;
const endpoints: Endpoint[] = JSON.parse(process.env.BENCH_ENDPOINTS ?? "[]");
const seed = Number(process.env.GAME_SEED ?? 1);
const frames = new FrameCounter();
const bots: LoadBot[] = [];
let joinFailures = 0;
let lastJoinError = "";
let measured: Promise<{ cpuUs: number; bots: LoadBot[] }> = Promise.resolve({ cpuUs: 0, bots: [] });

// One timer drives every bot: each sends when its own step is due (bots are spread over the step).
setInterval(() => {
  const now = monoMs();
  for (const bot of bots) {
    if (now < bot.nextAt) continue;
    bot.client.sendInput(bot.walker.next());
    bot.nextAt += STEP_MS;
    if (now - bot.nextAt > 100) bot.nextAt = now + STEP_MS; // starved for a while: resume, do not burst
  }
}, 4);

async function setCount(target: number, concurrency: number): Promise<{ bots: number; joinFailures: number; lastJoinError: string }> {
  while (bots.length > target) bots.pop()!.client.leave();
  let next = bots.length === 0 ? 0 : Math.max(...bots.map((b) => b.index)) + 1;
  const joinOne = async (): Promise<void> => {
    while (bots.length + pending < target) {
      const index = next++;
      pending++;
      const client = lightClient(arm, endpoints[index % endpoints.length]!, `b${index}`, frames);
      try {
        await client.join();
        bots.push({ index, client, walker: new Walker(seed, index), nextAt: monoMs() + Math.random() * STEP_MS, read0: 0, written0: 0, read1: 0, written1: 0 });
      } catch (err) {
        joinFailures++;
        lastJoinError = (err as Error).message;
        // A 503 (UNAVAILABLE: "try again") is retried after a pause, as a client would; it still counts.
        const unavailable = lastJoinError.includes("(503)");
        if (joinFailures > (unavailable ? 200 + target / 2 : 20 + target / 10)) throw new Error(`too many join failures; last: ${lastJoinError}`);
        if (unavailable) await sleep(250 + Math.random() * 500);
      } finally {
        pending--;
      }
    }
  };
  let pending = 0;
  await Promise.all(Array.from({ length: concurrency }, joinOne));
  return { bots: bots.length, joinFailures, lastJoinError };
}

function window(t0: number, t1: number): void {
  measured = (async () => {
    await sleepUntil(t0);
    const present = bots.filter((b) => b.client.open);
    for (const b of present) {
      b.read0 = b.client.bytesRead();
      b.written0 = b.client.bytesWritten();
    }
    const cpu0 = process.cpuUsage();
    await sleepUntil(t1);
    const cpu = process.cpuUsage(cpu0);
    const stayed = present.filter((b) => b.client.open && bots.includes(b));
    for (const b of stayed) {
      b.read1 = b.client.bytesRead();
      b.written1 = b.client.bytesWritten();
    }
    return { cpuUs: cpu.user + cpu.system, bots: stayed };
  })();
}

async function report() {
  const { cpuUs, bots: stayed } = await measured;
  let read = 0;
  let written = 0;
  for (const b of stayed) {
    read += b.read1 - b.read0;
    written += b.written1 - b.written0;
  }
  return { bots: stayed.length, open: bots.filter((b) => b.client.open).length, bytesRead: read, bytesWritten: written, cpuUs, joinFailures };
}

serveIpc(
  {
    setCount: (a) => setCount(Number(a.count), Number(a.concurrency ?? 4)),
    window: (a) => window(Number(a.t0), Number(a.t1)),
    report: () => report(),
    frames: () => ({ frames: frames.frames }),
  },
  () => {
    for (const b of bots) b.client.leave();
  },
);
emit("ready");
