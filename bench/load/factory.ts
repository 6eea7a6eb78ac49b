/** Which client each arm's bots use. */
import { ColyseusLight } from "./colyseusLight.js";
import type { Endpoint, FrameCounter, LightClient, ProbeClient } from "./client.js";
import { FloorLight } from "./floorLight.js";
import { SdkProbe } from "./sdkProbe.js";
import { SocketioLight } from "./socketioLight.js";

export const ARMS = ["orb-arena", "socketio", "floor", "orb-arena-redis"] as const;
export type Arm = (typeof ARMS)[number];

export const isOrbArena = (arm: Arm) => arm === "orb-arena" || arm === "orb-arena-redis";

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
