/**
 * What a load bot is, whatever the arm: it joins (quick play), sends one input per simulation
 * step, and counts what crosses its socket. Counting is cheap — a state frame costs one clock
 * read — so the bot process is not the bottleneck; only latency probes decode state.
 */
import type { MoveIntent } from "../../shared/sim/step.js";

export interface Endpoint {
  /** host:port of a server; matchmaking (HTTP) and WebSocket go there unless a seat says otherwise. */
  host: string;
}

export interface LightClient {
  /** Resolves once the client holds the game state (its first full state arrived). */
  join(): Promise<void>;
  sendInput(intent: MoveIntent): void;
  /** Bytes read / written on the TCP socket so far (WebSocket framing included). */
  bytesRead(): number;
  bytesWritten(): number;
  /** Leaves the game (consented) and closes the socket. */
  leave(): void;
  readonly open: boolean;
  /** host:port of the process holding the room, where the protocol says (Orb Arena seats). */
  readonly roomHost?: string;
  /** How long the last join's matchmaking request took (ms), where the protocol has one (Orb Arena). */
  readonly matchmakeMs?: number;
}

/** Light clients that latency probes can use: they decode just enough to see their own x. */
export interface ProbeClient extends LightClient {
  /** Own x as last seen in a state or patch; undefined before the first state. */
  myX(): number | undefined;
  /** Called after every state frame is applied. */
  onState(listener: () => void): void;
  /** Sends a room chat message; resolves on the server's acknowledgement. */
  chat(text: string): Promise<void>;
}

/**
 * Counts state frames received. Delivery compares this with the servers' sent-frames counter,
 * both read while the servers are paused (no frame in flight), so the ratio is exact.
 */
export class FrameCounter {
  frames = 0;

  frame(): void {
    this.frames++;
  }
}

/** The underlying net.Socket of a `ws` WebSocket (for byte counters). */
export function socketOf(ws: unknown): { bytesRead: number; bytesWritten: number } | undefined {
  return (ws as { _socket?: { bytesRead: number; bytesWritten: number } })._socket;
}
