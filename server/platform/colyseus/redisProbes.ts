import { requestFromIPC, type Presence } from "@colyseus/core";
import { processChannel, PROCESS_CHANNEL_PATTERN } from "./channels.js";

/** How long the reply-pattern probe waits for this process's own answer. */
const PROBE_TIMEOUT_MS = 2000;

/** Why Colyseus' process channels are not as the dead-process sweep reads them (undefined when they are). */
export async function processChannelProblem(presence: Presence, processId: string): Promise<string | undefined> {
  const channels = await presence.channels(PROCESS_CHANNEL_PATTERN);
  return channels.includes(processChannel(processId)) ? undefined : `this process's channel ${processChannel(processId)} is not among ${PROCESS_CHANNEL_PATTERN}: Colyseus changed its process channels`;
}

/**
 * Why replies between processes do not arrive through the reply pattern (undefined when they do):
 * a Colyseus health-check request to this process's own channel, answered through Redis, must be
 * delivered by the pattern subscription (`patternReplies` goes up).
 */
export async function replyPatternProblem(presence: Presence & { patternReplies: number }, processId: string): Promise<string | undefined> {
  const before = presence.patternReplies;
  try {
    await requestFromIPC(presence, processChannel(processId), "healthcheck", [], PROBE_TIMEOUT_MS);
  } catch (err) {
    return `a request to this process went unanswered (${err instanceof Error ? err.message : String(err)})`;
  }
  return presence.patternReplies > before ? undefined : "the reply did not come through the pattern subscription: Colyseus changed its IPC reply channels";
}
