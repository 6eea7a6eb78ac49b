/**
 * Every tuning number of the game, with its unit in the name.
 * Server authority and client predictor read the same values.
 */

/** Arena width in world units (x grows to the right). */
export const ARENA_WIDTH_UNITS = 1600;
/** Arena height in world units (y grows downwards). */
export const ARENA_HEIGHT_UNITS = 1000;

/** Radius of a player's circle, in world units. */
export const PLAYER_RADIUS_UNITS = 20;
/** Maximum player speed, in world units per second (diagonals are normalized to it). */
export const PLAYER_SPEED_UNITS_PER_S = 240;

/** Fixed simulation rate, in steps per second. */
export const TICK_RATE_HZ = 30;
/** Interval between state patches sent to clients, in milliseconds (20 Hz). */
export const PATCH_INTERVAL_MS = 50;
/**
 * Inputs a client may bank while idle and spend later to catch up after network jitter.
 * Bounds how far ahead of "one input per tick" a client can ever get, in steps.
 */
export const INPUT_BURST_STEPS = 4;

/** Radius of an orb, in world units. */
export const ORB_RADIUS_UNITS = 8;
/** Number of orbs the server keeps on the field. */
export const ORB_TARGET_COUNT = 30;
/** Chance (0..1) that a newly spawned orb is gold. */
export const GOLD_ORB_CHANCE = 0.1;
/** Score value of a normal orb, in points. */
export const ORB_VALUE_POINTS = 1;
/** Score value of a gold orb, in points. */
export const GOLD_ORB_VALUE_POINTS = 5;
/** Minimum clearance between a new orb and any player or other orb, in world units. */
export const ORB_SPAWN_CLEARANCE_UNITS = 40;

/** Length of a round, in milliseconds. */
export const ROUND_DURATION_MS = 120_000;
/** Pause between the end of one round and the start of the next, in milliseconds. */
export const INTERMISSION_MS = 5_000;

/** Most players in one arena room. */
export const MAX_PLAYERS_PER_ROOM = 16;
/** How long a dropped player's seat is held for an automatic reconnection, in seconds. */
export const RECONNECT_GRACE_S = 15;

/** A dash moves this many times faster than walking. */
export const DASH_SPEED_MULTIPLIER = 3;
/** How long a dash lasts, in movement steps (0.2 s at 30 Hz). */
export const DASH_DURATION_STEPS = 6;
/** Steps after a dash starts before the next one can (2 s at 30 Hz); counted in movement steps. */
export const DASH_COOLDOWN_STEPS = 60;
/** How far a dash shoves the player it hits, in world units. */
export const DASH_KNOCKBACK_UNITS = 80;
/** Most points a hit knocks out of the player it hits; they fall as 1-point orbs around them. */
export const DASH_KNOCK_POINTS = 3;
/** After being hit, a player cannot be hit again for this many ticks (no chain shoves). */
export const DASH_HIT_IMMUNITY_TICKS = 30;
