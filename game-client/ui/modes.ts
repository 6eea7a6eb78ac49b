import { HILL_MOVE_MS } from "../../shared/sim/hill.js";
import type { GameMode } from "../net/modes.js";

/** How the UI names and explains each game mode. */
export const MODE_TEXT: Record<GameMode, { label: string; tag: string; blurb: string }> = {
  arena: {
    label: "Orb Arena",
    tag: "Arena",
    blurb: "Collect orbs, gold is worth five. Most points when the clock runs out wins.",
  },
  hill: {
    label: "King of the Hill",
    tag: "Hill",
    blurb: `Stand alone on the hill: a point a second. Two on it and nobody scores. It moves every ${HILL_MOVE_MS / 1000} s.`,
  },
};
