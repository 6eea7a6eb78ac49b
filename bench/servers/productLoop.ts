/**
 * The product's loop for a room that is not a Colyseus room (the baselines): the same classes the
 * platform's FixedStepLoop uses — a SteadyInterval at the step rate with its phase spread over the
 * period as every room's is, at most MAX_CATCHUP_STEPS per run (server/platform/loop/steadyTimestep.ts),
 * and the state sent after the run whose step completes a send interval, by PatchCadence
 * (server/platform/loop/patchAfterStep.ts). Runs and sends are timed for the probe as the Orb Arena
 * wrapper times the product's: a run is due one period after the previous run started, a send when
 * the run it follows was due.
 */
import { PatchCadence } from "../../server/platform/loop/patchAfterStep.js";
import { MAX_CATCHUP_STEPS, nextPhaseFraction, SteadyInterval } from "../../server/platform/loop/steadyTimestep.js";
import { monoMs } from "../lib/clock.js";
import { timedInterval, type ServerProbe } from "./probe.js";

export interface LoopSpec {
  hz: number;
  /** State sends per second (≤ hz): 20 for a patch every 50 ms, `hz` for one after every run. */
  sendsPerSecond: number;
  /** `steps` fixed steps of 1/hz s (the room reads its clock once for all of them). */
  run: (steps: number, dtSeconds: number) => void;
  /** Sends the state (not called while the probe is paused). */
  send: () => void;
}

/** Starts the loop; returns its stop. */
export function productLoop(probe: ServerProbe, spec: LoopSpec): () => void {
  const periodMs = 1000 / spec.hz;
  const cadence = new PatchCadence(spec.hz, spec.sendsPerSecond);
  let due = 0;
  let instants = 1;
  const timedRun = timedInterval(probe, "tick", periodMs, () => spec.run(Math.min(instants, MAX_CATCHUP_STEPS), 1 / spec.hz), (d) => (due = d));
  const steady = new SteadyInterval(periodMs, nextPhaseFraction(), (n) => {
    instants = n;
    timedRun();
    if (!cadence.step() || probe.paused) return;
    const start = monoMs();
    spec.send();
    probe.timer("patch", due, start, monoMs());
  });
  return () => steady.stop();
}
