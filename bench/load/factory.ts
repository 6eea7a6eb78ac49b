/**
 * The benchmark's arms and which client each arm's bots use.
 *
 * - `orb-arena`: the product as shipped; `orb-arena-redis`: the same load over two product processes on Redis;
 * - `colyseus-stock`: the same product arena room with every platform tuning of Colyseus switched off
 *   (COLYSEUS_TUNINGS_OFF=all: stock Colyseus 0.18 loop, patch timer, input decoder, keep-alive);
 * - `off:<tuning>`: the product with that one performance tuning switched off (on the Redis layout
 *   for the Redis tunings), to see what each buys;
 * - `socketio`, `floor`: the baselines (the product's rules and loop on plain objects, other wires).
 */
import { TUNING_NAMES, type TuningName } from "../../server/platform/colyseus/tuningNames.js";
import { ColyseusLight } from "./colyseusLight.js";
import type { Endpoint, FrameCounter, LightClient, ProbeClient } from "./client.js";
import { FloorLight } from "./floorLight.js";
import { SdkProbe } from "./sdkProbe.js";
import { SocketioLight } from "./socketioLight.js";

/**
 * The tunings that are meant to make something faster (CPU, latency, capacity, join time). The others
 * (unreliableInputGuard, slowClientDrop, deadProcessSweep, and the patchBytes metric) are guards: their
 * tests show the fault each prevents.
 */
export const PERFORMANCE_TUNINGS = ["steadyTimestep", "patchAfterStep", "inputDecoder", "listingMirror"] as const satisfies readonly TuningName[];
export type PerformanceTuning = (typeof PERFORMANCE_TUNINGS)[number];
/** Tunings of the multi-process layout: measured on the Redis arm. */
export const REDIS_TUNINGS: readonly PerformanceTuning[] = ["listingMirror"];

/** The product with round recording off (REPLAYS=off): what recording every round costs. */
export const NO_REPLAYS_ARM = "no-replays" as const;

/** `npm run bench` without --arms. */
export const ARMS = ["orb-arena", "colyseus-stock", "socketio", "floor", "orb-arena-redis"] as const;
export type BaseArm = (typeof ARMS)[number];
export type TuningArm = `off:${PerformanceTuning}`;
export type Arm = BaseArm | TuningArm | typeof NO_REPLAYS_ARM;
/** Every per-tuning arm (`--tunings`). */
export const TUNING_ARMS: readonly TuningArm[] = PERFORMANCE_TUNINGS.map((t) => `off:${t}` as const);

export interface ArmSpec {
  /** Which server runs: the product (through bench/servers/orbArena.ts) or a baseline. */
  server: "orb-arena" | "socketio" | "floor";
  /** Two product processes sharing a redis-server. */
  redis: boolean;
  /** COLYSEUS_TUNINGS_OFF for the product's processes. */
  tuningsOff: readonly TuningName[];
  /** More environment for the product's processes. */
  env?: Readonly<Record<string, string>>;
}

export function armSpec(arm: Arm): ArmSpec {
  if (arm === "socketio" || arm === "floor") return { server: arm, redis: false, tuningsOff: [] };
  if (arm === "orb-arena") return { server: "orb-arena", redis: false, tuningsOff: [] };
  if (arm === NO_REPLAYS_ARM) return { server: "orb-arena", redis: false, tuningsOff: [], env: { REPLAYS: "off" } };
  if (arm === "orb-arena-redis") return { server: "orb-arena", redis: true, tuningsOff: [] };
  if (arm === "colyseus-stock") return { server: "orb-arena", redis: false, tuningsOff: [...TUNING_NAMES] };
  const tuning = arm.slice("off:".length) as PerformanceTuning;
  return { server: "orb-arena", redis: REDIS_TUNINGS.includes(tuning), tuningsOff: [tuning] };
}

/** The arm a tuning arm is compared with: the product with every tuning on, on the same layout. */
export function tunedArmOf(arm: TuningArm): "orb-arena" | "orb-arena-redis" {
  return armSpec(arm).redis ? "orb-arena-redis" : "orb-arena";
}

export function isArm(name: string): name is Arm {
  return (ARMS as readonly string[]).includes(name) || (TUNING_ARMS as readonly string[]).includes(name) || name === NO_REPLAYS_ARM;
}

export const isOrbArena = (arm: Arm) => armSpec(arm).server === "orb-arena";

/** A load bot: light, counts bytes and frames, decodes nothing. */
export function lightClient(arm: Arm, endpoint: Endpoint, name: string, window: FrameCounter): LightClient {
  if (isOrbArena(arm)) return new ColyseusLight(endpoint, name, window);
  if (arm === "socketio") return new SocketioLight(endpoint, name, window);
  return new FloorLight(endpoint, name, window);
}

/** A latency probe: the full SDK bot on Orb Arena arms, a decoding light client elsewhere. */
export function probeClient(arm: Arm, endpoint: Endpoint, name: string, window: FrameCounter): ProbeClient {
  if (isOrbArena(arm)) return new SdkProbe(endpoint, name, window);
  if (arm === "socketio") return new SocketioLight(endpoint, name, window, true);
  return new FloorLight(endpoint, name, window, true);
}
