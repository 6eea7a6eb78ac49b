/**
 * A light client of the floor server (bench/servers/floor.ts): one-byte inputs, binary patches
 * counted; probes (`decode`) read their own slot's position from the welcome and each patch.
 */
import { WebSocket } from "ws";
import type { MoveIntent } from "../../shared/sim/step.js";
import { intentCode } from "../sim/behaviour.js";
import { FLOOR, unquantizeX } from "../servers/floorCodec.js";
import { socketOf, type Endpoint, type FrameCounter, type ProbeClient } from "./client.js";

const INPUTS = Array.from({ length: 9 }, (_, code) => Buffer.from([code]));

export class FloorLight implements ProbeClient {
  private ws: WebSocket | undefined;
  private slot = -1;
  private x: number | undefined;
  private nextRequest = 1;
  private readonly acks = new Map<number, (ok: boolean) => void>();
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly endpoint: Endpoint,
    private readonly name: string,
    private readonly counter: FrameCounter,
    private readonly decode = false,
  ) {}

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  join(): Promise<void> {
    const ws = new WebSocket(`ws://${this.endpoint.host}/?name=${encodeURIComponent(this.name)}`, { perMessageDeflate: false });
    this.ws = ws;
    return new Promise<void>((resolve, reject) => {
      ws.on("message", (data: Buffer) => {
        const type = data[0];
        if (type === FLOOR.PATCH) {
          this.counter.frame();
          if (this.decode) this.readPatch(data);
        } else if (type === FLOOR.WELCOME) {
          this.readWelcome(data);
          resolve();
        } else if (type === FLOOR.ACK) {
          const done = this.acks.get(data.readUInt16LE(1));
          this.acks.delete(data.readUInt16LE(1));
          done?.(data[3] === 1);
        }
      });
      ws.on("error", reject);
      ws.on("close", (code) => reject(new Error(`closed (${code}) before the welcome`)));
    });
  }

  private readWelcome(data: Buffer): void {
    this.slot = data[1]!;
    let at = 3;
    for (let n = data[2]!; n > 0; n--) {
      // slot qx:u16 qy:u16 score:u16 hue nameLen name
      if (data[at] === this.slot) this.x = unquantizeX(data.readUInt16LE(at + 1));
      at += 9 + data[at + 8]!;
    }
  }

  private readPatch(data: Buffer): void {
    for (let n = data[1]!, at = 2; n > 0; n--, at += 5) {
      if (data[at] === this.slot) this.x = unquantizeX(data.readUInt16LE(at + 1));
    }
    for (const l of this.listeners) l();
  }

  sendInput(intent: MoveIntent): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(INPUTS[intentCode(intent)]!);
  }

  myX(): number | undefined {
    return this.x;
  }
  onState(listener: () => void): void {
    this.listeners.push(listener);
  }
  chat(text: string): Promise<void> {
    const id = this.nextRequest++ & 0xffff;
    const head = Buffer.from([FLOOR.CHAT_REQUEST, id & 0xff, id >> 8]);
    return new Promise((resolve, reject) => {
      this.acks.set(id, (ok) => (ok ? resolve() : reject(new Error("chat refused"))));
      this.ws?.send(Buffer.concat([head, Buffer.from(text, "utf8")]));
    });
  }

  bytesRead(): number {
    return socketOf(this.ws)?.bytesRead ?? 0;
  }
  bytesWritten(): number {
    return socketOf(this.ws)?.bytesWritten ?? 0;
  }
  leave(): void {
    this.ws?.close();
  }
}
