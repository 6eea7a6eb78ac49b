import { HILL_CLIENT_MESSAGE, SERVER_MESSAGE, type Emote, type Emoted, type HillClientMessages } from "../../shared/protocol.js";
import type { HillState } from "../../shared/schema/hill.js";
import { HILL_POINT_STEPS } from "../../shared/sim/hill.js";
import { protocolRoom, type AnyRoom, type ProtocolRoom } from "./protocolRoom.js";

/** What a scene needs to draw the hill. */
export interface HillView {
  x: number;
  y: number;
  /** sessionId of the king ("" when nobody holds the hill alone). */
  king: string;
  /** The king's progress towards the next point, 0..1. */
  charge: number;
  contested: boolean;
  /** Milliseconds until the hill jumps elsewhere. */
  movesInMs: number;
}

/**
 * The King of the Hill side of a joined hill room: the hill as the state has it, emotes sent and
 * received. GameSession holds one when its room is a hill room; scenes never see message names.
 */
export class HillLink {
  private readonly protocol: ProtocolRoom<HillClientMessages>;
  private readonly listeners = new Set<(e: Emoted) => void>();
  private readonly off: () => void;

  constructor(private readonly room: AnyRoom) {
    this.protocol = protocolRoom<HillClientMessages>(room);
    this.off = this.protocol.onMessage(SERVER_MESSAGE.EMOTED, (e) => {
      for (const listener of this.listeners) listener(e);
    });
  }

  /** The hill now, or undefined before the first state arrives. */
  view(): HillView | undefined {
    const hill = (this.room.state as HillState | undefined)?.hill;
    if (!hill) return undefined;
    const movesInMs = Math.max(0, hill.movesAt - this.room.clock.serverNow());
    return { x: hill.x, y: hill.y, king: hill.king, charge: hill.charge / HILL_POINT_STEPS, contested: hill.contested, movesInMs };
  }

  /** Shows `emote` over our player to the room (refusals, e.g. too many too fast, are ignored). */
  emote(emote: Emote): void {
    this.protocol.request(HILL_CLIENT_MESSAGE.EMOTE, { emote }).catch(() => undefined);
  }

  onEmoted(listener: (e: Emoted) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
    this.off();
  }
}
