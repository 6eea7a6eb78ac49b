import { Protocol, Room, SchemaSerializer } from "@colyseus/core";
import { WebSocketClient } from "@colyseus/ws-transport";
import { schema, t } from "@colyseus/schema";
import { WebSocket } from "ws";
import type { TuningName } from "./tuningNames.js";
import { simulationIntervalProblem } from "./simulationInterval.js";

const ProbeState = schema({ n: t.number().default(0) }, "ColyseusProbeState");
const ProbeInput = schema({ dx: t.int8().default(0) }, "ColyseusProbeInput");

/** A room as Colyseus constructs it (its constructor starts nothing; `__init` is never called here). */
class ProbeRoom extends Room {
  withInput(): this {
    this.defineInput(ProbeInput);
    return this;
  }
}

type Internals = Record<string, unknown>;
const fn = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === "function";
/** Whether a function's source contains `snippet`, whitespace ignored (a loader may reformat it). */
const sourceHas = (code: unknown, snippet: string): boolean => String(code).replace(/\s+/g, "").includes(snippet.replace(/\s+/g, ""));

/**
 * The boot probes of the room and transport tunings: each builds what the tuning touches, the way
 * Colyseus builds it, and returns why the tuning cannot work (undefined when it can).
 */
export const ROOM_PROBES: Partial<Record<TuningName, () => string | undefined>> = {
  steadyTimestep() {
    const room = new ProbeRoom();
    room.setFixedTimestep(() => undefined, 30);
    const problem = simulationIntervalProblem(room);
    clearInterval((room as unknown as Internals)._simulationInterval as ReturnType<typeof setInterval>);
    return problem;
  },
  patchAfterStep() {
    return fn(Room.prototype.broadcastPatch) ? undefined : "Room.broadcastPatch is not there";
  },
  inputDecoder() {
    const room = new ProbeRoom().withInput();
    const controller = (room as unknown as Internals)._inputController as Internals | undefined;
    if (!fn(controller?.allocate)) return "room._inputController.allocate is not there";
    const client: Internals = {};
    controller.allocate(client);
    if (typeof client._input !== "object" || !fn((client._inputDecoder as Internals | undefined)?.decode)) return "allocate(client) no longer sets client._input and client._inputDecoder";
    if (!sourceHas(controller.decodeReliable, "_inputDecoder")) return "RoomInput.decodeReliable no longer decodes with client._inputDecoder";
    return undefined;
  },
  unreliableInputGuard() {
    const proto = Room.prototype as unknown as Internals;
    if (!fn(proto._onMessage)) return "Room._onMessage is not there";
    if (!sourceHas(proto._onJoin, "this._onMessage.bind(this, client)")) return "Room._onJoin no longer binds this._onMessage per client";
    if (typeof Protocol.ROOM_INPUT_UNRELIABLE !== "number") return "Protocol.ROOM_INPUT_UNRELIABLE is not there";
    return undefined;
  },
  patchBytes() {
    const room = new ProbeRoom();
    const serializer = new SchemaSerializer();
    serializer.reset(new ProbeState());
    room.setSerializer(serializer);
    const set = (room as unknown as Internals)._serializer as { encoder?: Internals } | undefined;
    return set === (serializer as unknown) && fn(set?.encoder?.encode) ? undefined : "room._serializer.encoder.encode is not there";
  },
  slowClientDrop() {
    const ref = {};
    if (new WebSocketClient("probe", ref as never).ref !== ref) return "WebSocketClient no longer keeps its socket in client.ref";
    const buffered = Object.getOwnPropertyDescriptor(WebSocket.prototype, "bufferedAmount");
    return fn(buffered?.get) && fn(WebSocket.prototype.terminate) ? undefined : "ws' WebSocket has no bufferedAmount or terminate()";
  },
};

/** Runs the boot probes of the room and transport tunings that are switched on; a missing internal turns its tuning off (logged at error level). */
export function probeRoomTunings(tunings: { on(name: TuningName): boolean; probed(name: TuningName, problem: string | undefined): void }): void {
  for (const [name, probe] of Object.entries(ROOM_PROBES) as Array<[TuningName, () => string | undefined]>) {
    if (!tunings.on(name)) continue;
    let problem: string | undefined;
    try {
      problem = probe();
    } catch (err) {
      problem = `probe failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    tunings.probed(name, problem);
  }
}
