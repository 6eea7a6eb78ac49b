/**
 * The cost of Orb Arena's own per-tick work, away from the network: 16-player rooms' tickArena
 * (inputs → shared step, orb collection and refill, round clock) plus the schema encode of their
 * patch every 1.5 ticks, in CPU µs per room tick, with `rooms` rooms ticked in turn (as a busy
 * process does). `node --import tsx bench/tick-cost.ts [ticks] [rooms]`.
 * Used to check fixes the profiler pointed at (run before and after).
 */
import { Encoder } from "@colyseus/schema";
import { InputBudget } from "../server/arena/rules/inputBudget.js";
import { OrbField } from "../shared/sim/orbField.js";
import { tickArena } from "../shared/sim/arenaTick.js";
import { ArenaState, MoveInput, Orb, Player } from "../shared/schema/state.js";
import { MAX_PLAYERS_PER_ROOM, TICK_RATE_HZ } from "../shared/sim/constants.js";
import { createRng } from "../shared/sim/rng.js";
import { Walker } from "./sim/behaviour.js";

const ticks = Number(process.argv[2] ?? 60_000);
const roomCount = Number(process.argv[3] ?? 25);
const dt = 1 / TICK_RATE_HZ;

function makeRoom(seed: number) {
  const state = new ArenaState();
  const orbs = new OrbField(createRng(seed), (o) => new Orb(o));
  const budgets = new Map<string, InputBudget>();
  const walkers = new Map<string, Walker>();
  const inputs = new Map<string, MoveInput[]>();
  for (let i = 0; i < MAX_PLAYERS_PER_ROOM; i++) {
    const id = `p${seed}-${i}`;
    state.players.set(id, new Player({ name: id, x: 100 + i * 90, y: 500 }));
    budgets.set(id, new InputBudget());
    walkers.set(id, new Walker(seed, i));
    inputs.set(id, []);
  }
  // A minimal stand-in for Colyseus' input accessor: a queue with size/next().
  const accessor = (id: string) => {
    const q = inputs.get(id)!;
    return { get size() { return q.length; }, next: () => q.shift() } as never;
  };
  return { state, orbs, budgets, walkers, inputs, accessor, encoder: new Encoder(state), now: 0 };
}
const rooms = Array.from({ length: roomCount }, (_, i) => makeRoom(i + 1));
let bytes = 0;

function run(n: number): number {
  const cpu0 = process.cpuUsage();
  for (let t = 0; t < n; t++) {
    const room = rooms[t % rooms.length]!;
    for (const [id, q] of room.inputs) q.push(new MoveInput(room.walkers.get(id)!.next()));
    room.now += dt * 1000;
    tickArena({ state: room.state, orbs: room.orbs, budgets: room.budgets, inputsOf: room.accessor }, dt, room.now, { roundMs: 120_000, intermissionMs: 5000 });
    if (Math.floor(t / rooms.length) % 3 !== 2) {
      bytes += room.encoder.encode().byteLength;
      room.encoder.discardChanges();
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
}

run(Math.min(10_000, ticks)); // warm-up (JIT)
bytes = 0;
const usPerTick = run(ticks);
console.log(`${roomCount} rooms, tick + patch encode of a 16-player room: ${usPerTick.toFixed(2)} µs CPU per tick (${(usPerTick / MAX_PLAYERS_PER_ROOM).toFixed(2)} µs per player-tick), ${(bytes / ticks).toFixed(0)} patch bytes per tick`);
