import type Phaser from "phaser";
import type { Orb } from "../../shared/schema/state.js";
import { GOLD_ORB_VALUE_POINTS } from "../../shared/sim/constants.js";
import { TEXTURE } from "./textures.js";

const GOLD_PULSE_HZ = 1.5;

/** An orb that left the field: where it was, and whether it was gold. */
export interface GoneOrb {
  x: number;
  y: number;
  gold: boolean;
}

/** Draws the orbs (they never move): cyan for normal ones, a larger pulsing gold for gold ones. */
export class OrbLayer {
  private readonly sprites = new Map<string, { image: Phaser.GameObjects.Image; gold: boolean }>();

  constructor(private readonly scene: Phaser.Scene) {}

  /** Draws `orbs`; returns the ones gone since the last call (eaten, or cleared by a new round). */
  sync(orbs: ReadonlyArray<[string, Orb]>, timeMs: number): GoneOrb[] {
    const gone: GoneOrb[] = [];
    const seen = new Set<string>();
    const pulse = 1 + 0.12 * Math.sin((timeMs / 1000) * Math.PI * 2 * GOLD_PULSE_HZ);
    for (const [id, orb] of orbs) {
      seen.add(id);
      let sprite = this.sprites.get(id);
      const gold = orb.value >= GOLD_ORB_VALUE_POINTS;
      if (!sprite || sprite.gold !== gold) {
        sprite?.image.destroy();
        sprite = { image: this.scene.add.image(orb.x, orb.y, gold ? TEXTURE.goldOrb : TEXTURE.orb).setDepth(gold ? 6 : 5), gold };
        this.sprites.set(id, sprite);
      }
      sprite.image.setPosition(orb.x, orb.y);
      if (gold) sprite.image.setScale(pulse);
    }
    for (const [id, sprite] of this.sprites) {
      if (seen.has(id)) continue;
      gone.push({ x: sprite.image.x, y: sprite.image.y, gold: sprite.gold });
      sprite.image.destroy();
      this.sprites.delete(id);
    }
    return gone;
  }
}
