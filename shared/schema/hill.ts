import { schema, t, type SchemaType } from "@colyseus/schema";
import { ROUND_PHASE, Player } from "./state.js";

/**
 * The synchronized state of one King of the Hill room: the arena's players (same `Player`, so the
 * client predicts and draws them unchanged), the round clock fields the arena has (same names, so
 * the HUD's timer reads either), and the hill.
 */
export const Hill = schema(
  {
    /** Centre of the hill, whole world units. */
    x: t.uint16().default(0),
    y: t.uint16().default(0),
    /** When the hill jumps next, in room-clock milliseconds (the SDK's `room.clock.serverNow()`). */
    movesAt: t.float64().default(0),
    /** sessionId of the player alone on the hill, "" when nobody (or several) stand on it. */
    king: t.string().default(""),
    /** Steps the king has held the hill towards the next point (see shared/sim/hill.ts). */
    charge: t.uint8().default(0),
    /** Two or more players stand on the hill: nobody scores. */
    contested: t.boolean().default(false),
  },
  "Hill",
);
export type Hill = SchemaType<typeof Hill>;

export const HillState = schema(
  {
    players: t.map(Player),
    hill: t.ref(Hill).default(() => new Hill()),
    phase: t.string().default(ROUND_PHASE.WAITING),
    /** Round number, starting at 1 with the first round played. */
    round: t.uint16().default(0),
    /** When the current phase ends, in room-clock milliseconds; 0 while waiting. */
    phaseEndsAt: t.float64().default(0),
    /** Clients watching without a seat (joined with `spectate: true`). */
    spectators: t.uint16().default(0),
  },
  "HillState",
);
export type HillState = SchemaType<typeof HillState>;
