/**
 * Orb Arena as shipped, started through a thin benchmark wrapper: the real createGameServer and
 * config, plus a probe (CPU, ELU, event-loop delay, tick+patch delay, frames sent, heap after GC)
 * answered over IPC. The product is not changed: the wrapper times the room's fixed-step timer
 * and its patch broadcast from the outside. With the platform's tunings on, the timer is a
 * SteadyInterval and the patch follows the step (so is due when that step was); with
 * `steadyTimestep` or `patchAfterStep` off (COLYSEUS_TUNINGS_OFF, the colyseus-stock and off:* arms)
 * they are Colyseus' own setInterval and patch timer, each run due one interval after the previous
 * one started (as the baselines' runs are timed). Env as for server/main.ts.
 */
import { matchMaker } from "@colyseus/core";
import { createGameServer } from "../../server/app.js";
import { loadConfig } from "../../server/config.js";
import { ArenaRoom } from "../../server/arena/ArenaRoom.js";
import { SteadyInterval } from "../../server/platform/loop/steadyTimestep.js";
import { PATCH_INTERVAL_MS, TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { monoMs } from "../lib/clock.js";
import { emit, serveIpc } from "../lib/childIpc.js";
import { ServerProbe, timedInterval } from "./probe.js";

const JOINED = 1; // ClientState.JOINED in @colyseus/core

const rooms = new Set<Instrumented>();
const probe = new ServerProbe(
  () => matchMaker.stats.local.ccu,
  () => rooms.size,
  1000 / PATCH_INTERVAL_MS,
);

interface Instrumented {
  onCreate(options: unknown): Promise<void>;
  onDispose(): void | Promise<void>;
  broadcastPatch(): boolean;
  /** null when the patch follows the step (patchAfterStep); else Colyseus' patch timer runs every `patchRate` ms. */
  patchRate: number | null;
  _simulationInterval?: unknown;
  clients: ArrayLike<{ state: number }>;
}

/** Colyseus' own fixed-step timer (a Node Timeout from setInterval; its callback is `_onTimeout`). */
interface NodeInterval {
  _onTimeout: () => void;
}
const isNodeInterval = (t: unknown): t is NodeInterval => typeof (t as NodeInterval | undefined)?._onTimeout === "function";
const proto = ArenaRoom.prototype as unknown as Instrumented;

/** When each room's current step was due: its patch is sent right after the step. */
const stepDue = new WeakMap<object, number>();

// The fixed-step timer: a SteadyInterval in the room's `_simulationInterval`. Each run is timed
// as the baselines' timers are (timedInterval: due one period after the previous run started).
const timedRun = new WeakMap<object, (run: () => void) => void>();
const onCreate = proto.onCreate;
proto.onCreate = async function (this: Instrumented, options: unknown) {
  await onCreate.call(this, options);
  rooms.add(this);
  const steady = this._simulationInterval;
  const timed = (run: () => void) => timedInterval(probe, "tick", 1000 / TICK_RATE_HZ, run, (due) => stepDue.set(this, due));
  if (isNodeInterval(steady)) {
    // Stock Colyseus (steadyTimestep off): its setInterval, timed as the baselines' timers were.
    const onTimeout = steady._onTimeout;
    steady._onTimeout = timed(() => onTimeout.call(steady));
    return;
  }
  if (!(steady instanceof SteadyInterval)) throw new Error("the arena's fixed-step timer is neither a SteadyInterval nor a Node interval");
  let current: () => void = () => undefined;
  const timedSteady = timed(() => current());
  timedRun.set(steady, (run) => {
    current = run;
    timedSteady();
  });
};
const steadyProto = SteadyInterval.prototype as unknown as { fire(dueMs: number, instants: number): void };
const fire = steadyProto.fire;
steadyProto.fire = function (this: object, dueMs: number, instants: number) {
  const timed = timedRun.get(this);
  if (timed) timed(() => fire.call(this, dueMs, instants));
  else fire.call(this, dueMs, instants);
};

const onDispose = proto.onDispose;
proto.onDispose = function (this: Instrumented) {
  rooms.delete(this);
  return onDispose.call(this);
};

// The patch: one frame to every joined client (an empty "heartbeat" frame when nothing changed).
// While the probe is paused no patch goes out, so frame counters can be read with nothing in flight.
/** Stock patch timer: when each room's previous patch run started. */
const lastPatchStart = new WeakMap<object, number>();
const broadcastPatch = proto.broadcastPatch;
proto.broadcastPatch = function (this: Instrumented) {
  const start = monoMs();
  let due: number;
  if (this.patchRate) {
    const last = lastPatchStart.get(this);
    lastPatchStart.set(this, start);
    due = last === undefined ? start : last + this.patchRate;
  } else due = stepDue.get(this) ?? start;
  if (probe.paused) return false;
  const result = broadcastPatch.call(this);
  let joined = 0;
  for (let i = 0; i < this.clients.length; i++) if (this.clients[i]!.state === JOINED) joined++;
  probe.sent(joined);
  probe.timer("patch", due, start, monoMs());
  return result;
};

const config = loadConfig(process.env);
const game = createGameServer(config);
const port = await game.listen();
serveIpc(probe.handlers(), () => game.close());
emit("ready", { port });
