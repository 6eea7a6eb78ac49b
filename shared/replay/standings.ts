/** A player as a replay's header lists it at the round's end. */
export interface Standing {
  name: string;
  score: number;
  bot: boolean;
}

/** Seated players best first, ties by name in code-unit order (the same in every engine and locale). */
export function standingsOf(players: Iterable<Standing>): Standing[] {
  return [...players]
    .map((p) => ({ name: p.name, score: p.score, bot: p.bot }))
    .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
