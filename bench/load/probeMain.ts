/**
 * The latency probe process (on the bots' core, apart from the load so its timers stay prompt):
 *  - input → echo: a probe at rest sends one input and times how long until a state frame shows
 *    its own x changed (one step is 8 units; it always steps away from the nearer wall);
 *  - chat: room chat requests, timed until the server's acknowledgement;
 *  - join (in a window of its own, after the main one, so joins do not weigh on the CPU figures):
 *    a fresh light client quick-plays, timed from the first request until it holds the state,
 *    then leaves.
 * Orb Arena arms probe with the full @colyseus/sdk bot; the others with decoding light clients.
 */
import { ARENA_WIDTH_UNITS } from "../../shared/sim/constants.js";
import { emit, serveIpc } from "../lib/childIpc.js";
import { monoMs, sleep, sleepUntil } from "../lib/clock.js";
import { WindowedSamples } from "../lib/stats.js";
import { FrameCounter, type Endpoint, type ProbeClient } from "./client.js";
import { lightClient, probeClient, type Arm } from "./factory.js";

const arm = process.env.BENCH_ARM as Arm;
const endpoints: Endpoint[] = JSON.parse(process.env.BENCH_ENDPOINTS ?? "[]");
const frames = new FrameCounter();
const echo = new WindowedSamples();
const chat = new WindowedSamples();
const join = new WindowedSamples();
/** Joins by where the room lives: on the process that answered the matchmaking request, or another. */
const joinLocal = new WindowedSamples();
const joinRemote = new WindowedSamples();
/** The matchmaking request alone (the part of a join where Redis is involved). */
const joinMatchmake = new WindowedSamples();
const probes: ProbeClient[] = [];
let running = true;
let chatFailures = 0;
let cpuWindow: Promise<number> = Promise.resolve(0);

async function echoLoop(p: ProbeClient): Promise<void> {
  let waiting: { x0: number; t0: number; done: () => void } | undefined;
  p.onState(() => {
    if (!waiting || p.myX() === waiting.x0) return;
    const now = monoMs();
    echo.add(waiting.t0, now - waiting.t0);
    waiting.done();
  });
  while (running) {
    await sleep(150 + Math.random() * 150);
    const x0 = p.myX();
    if (x0 === undefined || !p.open) continue;
    const t0 = monoMs();
    const seen = new Promise<boolean>((resolve) => (waiting = { x0, t0, done: () => resolve(true) }));
    p.sendInput({ dx: x0 < ARENA_WIDTH_UNITS / 2 ? 1 : -1, dy: 0 });
    if (!(await Promise.race([seen, sleep(2000).then(() => false)]))) echo.timeout(t0);
    waiting = undefined;
  }
}

async function chatLoop(p: ProbeClient, name: string): Promise<void> {
  let n = 0;
  await sleep(Math.random() * 1000);
  while (running) {
    const t0 = monoMs();
    try {
      await Promise.race([p.chat(`${name} says ${++n}`), sleep(5000).then(() => Promise.reject(new Error("timeout")))]);
      chat.add(t0, monoMs() - t0);
    } catch (err) {
      if ((err as Error).message === "timeout") chat.timeout(t0);
      else chatFailures++;
    }
    await sleep(1100 + Math.random() * 300); // stays under the 5-messages-per-5-s chat limit
  }
}

/** Joins in [t0, t1): one at a time, `everyMs` apart; each timed, then left. */
async function joinWindow(t0: number, t1: number, everyMs: number): Promise<void> {
  for (const s of [join, joinLocal, joinRemote, joinMatchmake]) s.setWindow(t0, t1);
  await sleepUntil(t0);
  for (let index = 0; running && monoMs() < t1; index++) {
    const endpoint = endpoints[index % endpoints.length]!;
    const client = lightClient(arm, endpoint, `j${index}`, frames);
    const started = monoMs();
    try {
      await client.join();
      const ms = monoMs() - started;
      join.add(started, ms);
      if (client.roomHost) (client.roomHost === endpoint.host ? joinLocal : joinRemote).add(started, ms);
      if (client.matchmakeMs !== undefined) joinMatchmake.add(started, client.matchmakeMs);
    } catch {
      join.timeout(started);
    }
    client.leave();
    await sleep(everyMs * (0.75 + Math.random() / 2));
  }
}

async function start(count: number): Promise<{ probes: number }> {
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const p = probeClient(arm, endpoints[i % endpoints.length]!, `probe${i}`, frames);
      await p.join();
      probes.push(p);
    }),
  );
  await sleep(300); // first state, orbs
  for (const [i, p] of probes.entries()) {
    void echoLoop(p);
    void chatLoop(p, `probe${i}`);
  }
  return { probes: probes.length };
}

function window(t0: number, t1: number): void {
  for (const s of [echo, chat]) s.setWindow(t0, t1);
  chatFailures = 0;
  cpuWindow = (async () => {
    await sleepUntil(t0);
    const cpu0 = process.cpuUsage();
    await sleepUntil(t1);
    const cpu = process.cpuUsage(cpu0);
    return cpu.user + cpu.system;
  })();
}

async function report() {
  const cpuUs = await cpuWindow;
  // Echo and chat samples that started in the window may still be in flight: give them a moment.
  await sleep(200);
  return { echo: echo.summary(), chat: chat.summary(), join: join.summary(), joinLocal: joinLocal.summary(), joinRemote: joinRemote.summary(), joinMatchmake: joinMatchmake.summary(), chatFailures, cpuUs };
}

serveIpc(
  {
    start: (a) => start(Number(a.count)),
    window: (a) => window(Number(a.t0), Number(a.t1)),
    joins: (a) => joinWindow(Number(a.t0), Number(a.t1), Number(a.everyMs)),
    report: () => report(),
    frames: () => ({ frames: frames.frames }),
  },
  () => {
    running = false;
    for (const p of probes) p.leave();
  },
);
emit("ready");
