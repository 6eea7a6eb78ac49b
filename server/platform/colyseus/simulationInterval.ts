/** A timer that can stand where Colyseus keeps its fixed-step interval. */
export interface StoppableTimer {
  stop(): void;
}

interface TimestepRoom {
  /** Colyseus' fixed-step interval (a Node Timeout), set by setFixedTimestep. */
  _simulationInterval?: unknown;
  /** Colyseus' internal room events; "dispose" is emitted when disposal starts. */
  _events?: { once?(event: string, listener: () => void): unknown };
}

/** Why `room` cannot have its fixed-step interval replaced, or undefined when it can. */
export function simulationIntervalProblem(room: object): string | undefined {
  const r = room as TimestepRoom;
  const interval = r._simulationInterval as { _onTimeout?: unknown } | undefined;
  if (typeof interval?._onTimeout !== "function") return "room._simulationInterval is not the Node interval setFixedTimestep starts";
  if (typeof r._events?.once !== "function") return "room._events (the room's dispose event) is not there";
  return undefined;
}

/**
 * Stops the interval `setFixedTimestep` started on `room` and puts `timer` in its place:
 * Colyseus checks that field for "has a simulation loop" (patch timer, clock), and its
 * clearInterval on it at dispose is a no-op. `timer` is stopped when the room starts disposing
 * (which comes before Colyseus' own clearInterval, after the listing removal that can fail while
 * Redis is down). Returns false, changing nothing, when the internals are not there.
 */
export function replaceSimulationInterval(room: object, timer: StoppableTimer): boolean {
  if (simulationIntervalProblem(room) !== undefined) return false;
  const r = room as TimestepRoom;
  clearInterval(r._simulationInterval as ReturnType<typeof setInterval>);
  r._simulationInterval = timer;
  r._events!.once!("dispose", () => timer.stop());
  return true;
}
