/**
 * Orb Arena as shipped, started through a thin benchmark wrapper: the real createGameServer and
 * config, plus a probe (CPU, ELU, event-loop delay, tick+patch delay, frames sent, heap after GC)
 * answered over IPC. The product is not changed: the wrapper times the room's fixed-step timer
 * and its patch broadcast from the outside. Env as for server/main.ts.
 */
import { matchMaker } from "@colyseus/core";
import { createGameServer } from "../../server/app.js";
import { loadConfig } from "../../server/config.js";
import { ArenaRoom } from "../../server/rooms/ArenaRoom.js";
import { PATCH_INTERVAL_MS, TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { monoMs } from "../lib/clock.js";
import { emit, serveIpc } from "../lib/childIpc.js";
import { ServerProbe, timedInterval } from "./probe.js";

const JOINED = 1; // ClientState.JOINED in @colyseus/core

const rooms = new Set<Instrumented>();
const probe = new ServerProbe(
  () => matchMaker.stats.local.ccu,
  () => rooms.size,
);

interface Instrumented {
  onCreate(options: unknown): Promise<void>;
  onDispose(): void | Promise<void>;
  broadcastPatch(): boolean;
  _simulationInterval?: { _onTimeout?: () => void };
  clients: ArrayLike<{ state: number }>;
  patchRate: number | null;
}
const proto = ArenaRoom.prototype as unknown as Instrumented;

const lastPatchStart = new WeakMap<object, number>();

// The fixed-step timer: Colyseus keeps it in `_simulationInterval` (a Node Timeout).
const onCreate = proto.onCreate;
proto.onCreate = async function (this: Instrumented, options: unknown) {
  await onCreate.call(this, options);
  rooms.add(this);
  if (probe.paused) this.patchRate = null;
  const timeout = this._simulationInterval;
  if (timeout?._onTimeout) timeout._onTimeout = timedInterval(probe, "tick", 1000 / TICK_RATE_HZ, timeout._onTimeout.bind(timeout));
};

const onDispose = proto.onDispose;
proto.onDispose = function (this: Instrumented) {
  rooms.delete(this);
  return onDispose.call(this);
};

/** Pausing sets each room's patch rate to none (Colyseus clears its patch timer), resuming restores it. */
function pause(paused: boolean): void {
  for (const room of rooms) {
    lastPatchStart.delete(room);
    room.patchRate = paused ? null : PATCH_INTERVAL_MS;
  }
}

// The patch: one frame to every joined client per patch interval (an empty "heartbeat" frame when nothing changed).
const broadcastPatch = proto.broadcastPatch;
proto.broadcastPatch = function (this: Instrumented) {
  const start = monoMs();
  const due = (lastPatchStart.get(this) ?? start - (this.patchRate ?? PATCH_INTERVAL_MS)) + (this.patchRate ?? PATCH_INTERVAL_MS);
  lastPatchStart.set(this, start);
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
serveIpc(probe.handlers(pause), () => game.close());
emit("ready", { port });
