import type Phaser from "phaser";
import type { Emote } from "../../shared/protocol.js";
import type { PlayerView } from "../net/session.js";
import { PLAYER_RADIUS_UNITS } from "../../shared/sim/constants.js";

/** How each emote reads over a player (plain text: no emoji font needed). */
export const EMOTE_TEXT: Record<Emote, string> = { wave: "o/", gg: "GG", laugh: "haha", taunt: "catch me!" };
const SHOW_MS = 2000;
const ABOVE_UNITS = PLAYER_RADIUS_UNITS + 58;

/** Speech bubbles over players for a couple of seconds after they emote. */
export class EmoteLayer {
  private readonly bubbles = new Map<string, { text: Phaser.GameObjects.Text; until: number }>();

  constructor(private readonly scene: Phaser.Scene) {}

  show(from: string, emote: Emote, nowMs: number): void {
    const bubble = this.bubbles.get(from);
    const label = EMOTE_TEXT[emote];
    if (bubble) {
      bubble.text.setText(label);
      bubble.until = nowMs + SHOW_MS;
      return;
    }
    const text = this.scene.add
      .text(0, 0, label, { fontFamily: "system-ui, sans-serif", fontSize: "30px", fontStyle: "bold", color: "#1a1300", backgroundColor: "#ffc83d", padding: { x: 10, y: 4 } })
      .setOrigin(0.5, 1)
      .setDepth(30);
    this.bubbles.set(from, { text, until: nowMs + SHOW_MS });
  }

  sync(players: readonly PlayerView[], nowMs: number): void {
    for (const [from, bubble] of this.bubbles) {
      const p = players.find((v) => v.sessionId === from);
      if (!p || nowMs >= bubble.until) {
        bubble.text.destroy();
        this.bubbles.delete(from);
        continue;
      }
      bubble.text.setPosition(p.x, Math.max(bubble.text.height, p.y - ABOVE_UNITS));
    }
  }

  destroy(): void {
    for (const bubble of this.bubbles.values()) bubble.text.destroy();
    this.bubbles.clear();
  }
}
