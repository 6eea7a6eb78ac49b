import type { HillView } from "../net/hillLink.js";
import type { PlayerView } from "../net/session.js";

/** The HUD's line about the hill: who holds it, and when it moves. */
export function hillStatus(hill: HillView | undefined, players: readonly PlayerView[], playing: boolean): string {
  if (!hill || !playing) return "";
  const king = hill.king ? players.find((p) => p.sessionId === hill.king) : undefined;
  const holder = hill.contested
    ? "Hill contested: nobody scores"
    : king?.isSelf
      ? "You hold the hill!"
      : king
        ? `${clip(king.name)} holds the hill`
        : "The hill is free: go!";
  return `${holder}\nHill moves in ${Math.ceil(hill.movesInMs / 1000)} s`;
}

function clip(name: string): string {
  const chars = [...name];
  return chars.length > 14 ? `${chars.slice(0, 13).join("")}…` : name;
}
