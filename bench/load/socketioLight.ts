/**
 * A light Socket.IO client: the Engine.IO v4 / Socket.IO v5 text protocol over `ws` directly
 * (open → "40" → join with an ack → events; answers pings). Load bots only recognise a state
 * event by its first bytes; probes (`decode`) parse the JSON to find their own x.
 */
import { WebSocket } from "ws";
import type { MoveIntent } from "../../shared/sim/step.js";
import { socketOf, type Endpoint, type FrameCounter, type ProbeClient } from "./client.js";

const CH = { OPEN: 0x30, PING: 0x32, MESSAGE: 0x34, CONNECT: 0x30, EVENT: 0x32, ACK: 0x33, S: 0x73 } as const;
const INPUTS = new Map<string, string>();
const inputFrame = (i: MoveIntent) => {
  const key = `${i.dx},${i.dy}`;
  let frame = INPUTS.get(key);
  if (!frame) INPUTS.set(key, (frame = `42["input",${i.dx},${i.dy}]`));
  return frame;
};

interface StateEvent {
  players: Record<string, { x: number }>;
}

export class SocketioLight implements ProbeClient {
  private ws: WebSocket | undefined;
  private id = "";
  private x: number | undefined;
  private nextAck = 0;
  private readonly acks = new Map<number, (payload: unknown) => void>();
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
    const ws = new WebSocket(`ws://${this.endpoint.host}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    this.ws = ws;
    return new Promise<void>((resolve, reject) => {
      ws.on("message", (data: Buffer) => this.onFrame(data, resolve));
      ws.on("error", reject);
      ws.on("close", (code) => reject(new Error(`closed (${code}) before joining`)));
    });
  }

  private onFrame(data: Buffer, joined: () => void): void {
    const c0 = data[0];
    if (c0 === CH.MESSAGE) {
      const c1 = data[1];
      if (c1 === CH.EVENT) {
        if (data[4] !== CH.S) return; // 42["state",…] — other events (chat, roundEnded) are not state
        this.counter.frame();
        if (this.decode) {
          const [, state] = JSON.parse(data.toString("utf8", 2)) as [string, StateEvent];
          this.x = state.players[this.id]?.x;
          for (const l of this.listeners) l();
        }
      } else if (c1 === CH.ACK) {
        const text = data.toString("utf8", 2);
        const bracket = text.indexOf("[");
        const resolve = this.acks.get(Number(text.slice(0, bracket)));
        if (!resolve) return;
        this.acks.delete(Number(text.slice(0, bracket)));
        resolve((JSON.parse(text.slice(bracket)) as unknown[])[0]);
      } else if (c1 === CH.CONNECT) {
        this.emitWithAck("join", { name: this.name }).then((reply) => {
          const r = reply as { id: string; state: StateEvent };
          this.id = r.id;
          this.x = r.state.players[r.id]?.x;
          joined();
        });
      }
    } else if (c0 === CH.PING) this.ws?.send("3");
    else if (c0 === CH.OPEN) this.ws?.send("40");
  }

  private emitWithAck(event: string, payload: unknown): Promise<unknown> {
    const id = this.nextAck++;
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      this.ws?.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  sendInput(intent: MoveIntent): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(inputFrame(intent));
  }

  myX(): number | undefined {
    return this.x;
  }
  onState(listener: () => void): void {
    this.listeners.push(listener);
  }
  async chat(text: string): Promise<void> {
    const reply = (await this.emitWithAck("chat", { text })) as { error?: unknown };
    if (reply.error) throw new Error(`chat refused: ${JSON.stringify(reply.error)}`);
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
