import type { Logger } from "../../logger.js";
import { TUNING_NAMES, type TuningName } from "./tuningNames.js";

export interface TuningStatus {
  active: boolean;
  /** Why not, when inactive: "off by config", a missing Colyseus internal, or not applicable here. */
  reason?: string;
}

/** What a plugin asks: is this tuning on? */
export interface TuningSwitch {
  on(name: TuningName): boolean;
}

/**
 * Which tunings are active in this process, and why not. Every tuning starts active unless switched
 * off by config; a boot probe that finds its Colyseus internal missing turns it off (logged at error
 * level: the process runs with stock behaviour there, never silently). Reported on /health.
 */
export class Tunings implements TuningSwitch {
  private readonly status = new Map<TuningName, TuningStatus>();

  constructor(
    off: readonly TuningName[],
    private readonly logger: Logger,
  ) {
    for (const name of TUNING_NAMES) this.status.set(name, off.includes(name) ? { active: false, reason: "off by config" } : { active: true });
  }

  on(name: TuningName): boolean {
    return this.status.get(name)!.active;
  }

  /** A probe's finding: `problem` (the internal is missing or changed) turns the tuning off, logged at error level. */
  probed(name: TuningName, problem: string | undefined): void {
    if (problem === undefined || !this.on(name)) return;
    this.status.set(name, { active: false, reason: problem });
    this.logger.error({ event: "tuning_inactive", tuning: name, reason: problem }, `Colyseus tuning ${name} inactive: ${problem}`);
  }

  /** The tuning does not apply to this process (e.g. a Redis tuning without Redis): not an error. */
  notApplicable(name: TuningName, reason: string): void {
    if (this.on(name)) this.status.set(name, { active: false, reason });
  }

  report(): Record<TuningName, TuningStatus> {
    return Object.fromEntries(this.status) as Record<TuningName, TuningStatus>;
  }
}

/** Every tuning on: for code (tests, tools) that builds a plugin without a server's tunings. */
export const ALL_TUNINGS_ON: TuningSwitch = { on: () => true };
