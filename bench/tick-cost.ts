/**
 * The cost of Orb Arena's own per-tick work, away from the network: one 16-player room's
 * tickArena (inputs → shared step, orb collection and refill, round clock) plus the schema encode
 * of its patch every 1.5 ticks, in CPU µs. `node --import tsx bench/tick-cost.ts [ticks]`.
 * Used to check fixes the profiler pointed at (run before and after).
 */
import { Encoder } from "@colyseus/schema";
import { InputBudget } from "../server/game/inputBudget.js";
import { OrbField } from "../server/game/orbField.js";
import { tickArena } from "../server/game/tick.js";
import { ArenaState, MoveInput, Orb, Player } from "../shared/schema/state.js";
import { MAX_PLAYERS_PER_ROOM, TICK_RATE_HZ } from "../shared/sim/constants.js";
import { createRng } from "../shared/sim/rng.js";
import { Walker } from "./sim/behaviour.js";

const ticks = Number(process.argv[2] ?? 60_000);
const state = new ArenaState();
const rng = createRng(1);
const orbs = new OrbField(rng, (o) => new Orb(o));
const budgets = new Map<string, InputBudget>();
const walkers = new Map<string, Walker>();
const inputs = new Map<string, MoveInput[]>();
for (let i = 0; i < MAX_PLAYERS_PER_ROOM; i++) {
  const id = `p${i}`;
  state.players.set(id, new Player({ name: id, x: 100 + i * 90, y: 500 }));
  budgets.set(id, new InputBudget());
  walkers.set(id, new Walker(1, i));
  inputs.set(id, []);
}
// A minimal stand-in for Colyseus' input accessor: a queue with size/next().
const accessor = (id: string) => {
  const q = inputs.get(id)!;
  return { get size() { return q.length; }, next: () => q.shift() } as never;
};
const encoder = new Encoder(state);
const dt = 1 / TICK_RATE_HZ;
let now = 0;
let bytes = 0;

function run(n: number): number {
  const cpu0 = process.cpuUsage();
  for (let t = 0; t < n; t++) {
    for (const [id, q] of inputs) {
      const intent = walkers.get(id)!.next();
      q.push(new MoveInput(intent));
    }
    now += dt * 1000;
    tickArena({ state, orbs, budgets, inputsOf: accessor }, dt, now, { roundMs: 120_000, intermissionMs: 5000 });
    if (t % 3 !== 2) {
      bytes += encoder.encode().byteLength;
      encoder.discardChanges();
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
}

run(Math.min(10_000, ticks)); // warm-up (JIT)
bytes = 0;
const usPerTick = run(ticks);
console.log(`tick + patch encode of a 16-player room: ${usPerTick.toFixed(2)} µs CPU per tick (${(usPerTick / MAX_PLAYERS_PER_ROOM).toFixed(2)} µs per player-tick), ${(bytes / ticks).toFixed(0)} patch bytes per tick`);
