import type { Presence } from "@colyseus/core";
import { processChannel, PROCESS_CHANNEL_PATTERN } from "./channels.js";

/** Why Colyseus' process channels are not as the dead-process sweep reads them (undefined when they are). */
export async function processChannelProblem(presence: Presence, processId: string): Promise<string | undefined> {
  const channels = await presence.channels(PROCESS_CHANNEL_PATTERN);
  return channels.includes(processChannel(processId)) ? undefined : `this process's channel ${processChannel(processId)} is not among ${PROCESS_CHANNEL_PATTERN}: Colyseus changed its process channels`;
}
