import { schema, t, type SchemaType } from "@colyseus/schema";
import { ARENA_HEIGHT_UNITS, ARENA_WIDTH_UNITS } from "../sim/constants.js";

/**
 * The synchronized state of one arena room. Positions are quantized to 16 bits over the
 * arena (≈0.025 units per step): half the bytes of a float32, and the server reads back
 * exactly the value it sends.
 */
export const Player = schema(
  {
    name: t.string().default(""),
    x: t.quantized({ min: 0, max: ARENA_WIDTH_UNITS }).default(0),
    y: t.quantized({ min: 0, max: ARENA_HEIGHT_UNITS }).default(0),
    score: t.uint16().default(0),
    connected: t.boolean().default(true),
    /** Colour index chosen by the server (0..255), for rendering. */
    hue: t.uint8().default(0),
    /** Steps of the current dash left (0: walking); predicted by the client (shared/sim/dash.ts). */
    dashSteps: t.uint8().default(0),
    /** Steps until the next dash may start (0: ready). */
    dashCooldown: t.uint8().default(0),
    /** A server bot filling an empty seat (not a client; steps aside for a human). */
    bot: t.boolean().default(false),
  },
  "Player",
);
export type Player = SchemaType<typeof Player>;

export const Orb = schema(
  {
    x: t.uint16().default(0),
    y: t.uint16().default(0),
    /** Points this orb is worth (1 normal, 5 gold). */
    value: t.uint8().default(1),
  },
  "Orb",
);
export type Orb = SchemaType<typeof Orb>;

/** Round phases, in order: waiting for players → playing → ended (intermission) → playing … */
export const ROUND_PHASE = { WAITING: "waiting", PLAYING: "playing", ENDED: "ended" } as const;
export type RoundPhase = (typeof ROUND_PHASE)[keyof typeof ROUND_PHASE];

export const ArenaState = schema(
  {
    players: t.map(Player),
    orbs: t.map(Orb),
    phase: t.string().default(ROUND_PHASE.WAITING),
    /** Round number, starting at 1 with the first round played. */
    round: t.uint16().default(0),
    /** When the current phase ends, in room-clock milliseconds (the SDK's `room.clock.serverNow()`); 0 while waiting. */
    phaseEndsAt: t.float64().default(0),
    /** Clients watching without a seat (joined with `spectate: true`). */
    spectators: t.uint16().default(0),
  },
  "ArenaState",
);
export type ArenaState = SchemaType<typeof ArenaState>;

/** The fields of one movement input: each axis -1, 0 or 1, and the dash request (a function: each schema gets its own field builders). */
export const moveInputFields = () => ({
  dx: t.int8().default(0),
  dy: t.int8().default(0),
  /** 1: start a dash with this step (if ready); anything else: no dash. Ignored by the hill. */
  dash: t.int8().default(0),
});

/** One movement input frame, sent on Colyseus' input channel. */
export const MoveInput = schema(moveInputFields(), "MoveInput");
export type MoveInput = SchemaType<typeof MoveInput>;
