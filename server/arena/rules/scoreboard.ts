import type { RoundEnded } from "../../../shared/protocol.js";

export interface Entrant {
  name: string;
  score: number;
}

/** The result of a round: scores high to low; the winner is the unique top scorer above zero. */
export function roundResult(round: number, players: Iterable<[string, Entrant]>): RoundEnded {
  const scores = [...players]
    .map(([sessionId, p]) => ({ sessionId, name: p.name, score: p.score }))
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const [first, second] = scores;
  const hasWinner = first !== undefined && first.score > 0 && (second === undefined || second.score < first.score);
  return {
    round,
    winner: hasWinner ? first.sessionId : null,
    winnerName: hasWinner ? first.name : null,
    scores,
  };
}
