/**
 * A light Orb Arena client speaking Colyseus 0.18's wire protocol directly over `ws`: HTTP
 * matchmaking (quick play), the room WebSocket with `skipHandshake`, the JOIN_ROOM ack, and input
 * frames on the input channel, byte-identical to what @colyseus/sdk sends (built with the same
 * InputEncoder). State frames are counted, never decoded.
 */
import { InputEncoder } from "@colyseus/schema/input";
import { WebSocket } from "ws";
import { MoveInput } from "../../shared/schema/state.js";
import type { MoveIntent } from "../../shared/sim/step.js";
import { monoMs } from "../lib/clock.js";
import { intentCode, intentFromCode } from "../sim/behaviour.js";
import { socketOf, type Endpoint, type FrameCounter, type LightClient } from "./client.js";

/** Colyseus 0.18 protocol codes (low 5 bits of the first byte). */
const CODE = { JOIN_ROOM: 10, ERROR: 11, LEAVE_ROOM: 12, ROOM_STATE: 14, ROOM_STATE_PATCH: 15, ROOM_INPUT_RELIABLE: 19 } as const;
const CODE_MASK = 0x1f;

/** Input frames by [previous intent code + 1][next intent code] (row 0: the first input, all fields). */
const INPUT_FRAMES: Buffer[][] = (() => {
  const frame = (prev: number, next: number) => {
    const input = new MoveInput();
    const encoder = new InputEncoder(input as never, { mode: "reliable" });
    if (prev >= 0) {
      Object.assign(input, intentFromCode(prev));
      encoder.encode();
    }
    Object.assign(input, intentFromCode(next));
    return Buffer.concat([Buffer.from([CODE.ROOM_INPUT_RELIABLE]), Buffer.from(encoder.encode())]);
  };
  return Array.from({ length: 10 }, (_, row) => Array.from({ length: 9 }, (_, next) => frame(row - 1, next)));
})();
const JOIN_ACK = Buffer.from([CODE.JOIN_ROOM]);
const LEAVE = Buffer.from([CODE.LEAVE_ROOM]);

interface Seat {
  sessionId: string;
  roomId: string;
  processId?: string;
  publicAddress?: string;
  error?: string;
  code?: number;
}

export class ColyseusLight implements LightClient {
  private ws: WebSocket | undefined;
  private lastCode = -1;
  sessionId = "";
  /** host:port of the process holding the room (from the seat; the endpoint when it names none). */
  roomHost = "";
  matchmakeMs: number | undefined;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly name: string,
    private readonly counter: FrameCounter,
  ) {}

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  async join(): Promise<void> {
    const started = monoMs();
    const res = await fetch(`http://${this.endpoint.host}/matchmake/joinOrCreate/arena`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ name: this.name }),
    });
    const seat = (await res.json()) as Seat;
    if (!res.ok || seat.error) throw new Error(`matchmaking failed (${res.status}): ${seat.error ?? JSON.stringify(seat)}`);
    this.matchmakeMs = monoMs() - started;
    this.sessionId = seat.sessionId;
    const host = seat.publicAddress ?? this.endpoint.host;
    this.roomHost = host;
    const ws = new WebSocket(`ws://${host}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}&skipHandshake=1`, { perMessageDeflate: false });
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      let joined = false;
      ws.on("message", (data: Buffer) => {
        const code = data[0]! & CODE_MASK;
        if (code === CODE.ROOM_STATE_PATCH) return this.counter.frame();
        if (code === CODE.JOIN_ROOM) return void ws.send(JOIN_ACK);
        if (code === CODE.ROOM_STATE && !joined) {
          joined = true;
          resolve();
        } else if (code === CODE.ERROR) reject(new Error(`room error: ${data.subarray(1).toString("latin1")}`));
      });
      ws.on("error", reject);
      ws.on("close", (code) => {
        if (!joined) reject(new Error(`closed (${code}) before the state arrived`));
      });
    });
  }

  sendInput(intent: MoveIntent): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    const code = intentCode(intent);
    this.ws.send(INPUT_FRAMES[this.lastCode + 1]![code]!);
    this.lastCode = code;
  }

  bytesRead(): number {
    return socketOf(this.ws)?.bytesRead ?? 0;
  }
  bytesWritten(): number {
    return socketOf(this.ws)?.bytesWritten ?? 0;
  }

  leave(): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(LEAVE);
    const ws = this.ws;
    setTimeout(() => ws?.terminate(), 2000).unref();
  }
}
