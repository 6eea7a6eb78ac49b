/**
 * The baselines' game loop, with the semantics of Colyseus' setFixedTimestep: an interval at the
 * step period, an accumulator so the simulation runs at exactly `hz` on average, at most 5 catch-up
 * steps per run. Each run is timed for the probe.
 */
import { monoMs } from "../lib/clock.js";
import type { ServerProbe } from "./probe.js";
import { timedInterval } from "./probe.js";

const MAX_CATCHUP_STEPS = 5;

/** `after` runs once per timer run that stepped at least once (e.g. "emit the state"). */
export function fixedLoop(probe: ServerProbe, hz: number, step: (dtSeconds: number) => void, after?: () => void): () => void {
  const stepMs = 1000 / hz;
  let last = monoMs();
  let acc = 0;
  const timer = setInterval(
    timedInterval(probe, "tick", stepMs, () => {
      const now = monoMs();
      acc += now - last;
      last = now;
      let ran = 0;
      while (acc >= stepMs && ran < MAX_CATCHUP_STEPS) {
        acc -= stepMs;
        step(1 / hz);
        ran++;
      }
      if (ran === MAX_CATCHUP_STEPS) acc = 0;
      if (ran > 0) after?.();
    }),
    stepMs,
  );
  return () => clearInterval(timer);
}

/** A plain repeating timer (e.g. the patch interval), timed for the probe. */
export function timedTimer(probe: ServerProbe, intervalMs: number, fn: () => void): () => void {
  const timer = setInterval(timedInterval(probe, "patch", intervalMs, fn), intervalMs);
  return () => clearInterval(timer);
}
