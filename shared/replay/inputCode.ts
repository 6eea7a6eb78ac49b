import type { DashIntent } from "../sim/dash.js";
import { toAxis } from "../sim/step.js";

/**
 * One applied movement input as one number 0..17: both axes (-1, 0, 1) and the dash request. The
 * shared step reads nothing else of an input (toAxis, `dash === 1`), so the code replays it exactly.
 */
export const INPUT_CODES = 18;

export function inputCode(input: DashIntent): number {
  return ((toAxis(input.dx) + 1) * 3 + (toAxis(input.dy) + 1)) * 2 + (input.dash === 1 ? 1 : 0);
}

/** The inputs of each code, made once (a re-simulation allocates none per step). */
const DECODED: readonly DashIntent[] = Array.from({ length: INPUT_CODES }, (_, code) => ({
  dx: Math.floor(code / 6) - 1,
  dy: (Math.floor(code / 2) % 3) - 1,
  dash: code % 2,
}));

export function inputOfCode(code: number): DashIntent {
  const input = DECODED[code];
  if (!input) throw new RangeError(`input code ${code} is not 0..${INPUT_CODES - 1}`);
  return input;
}
