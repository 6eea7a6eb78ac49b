/**
 * The Socket.IO baseline: the product's arena rules and loop (bench/servers/plainArena.ts,
 * productLoop.ts; same seed) in a plain Socket.IO server written the classic way — rooms via
 * socket.join, and after every step the full room state as JSON to the room
 * (`io.to(room).volatile.emit("state", …)`; volatile because a newer state supersedes a dropped one).
 * Written fairly: websocket transport only, no compression, the state encoded once per room per step
 * by Socket.IO's broadcast, positions rounded to 0.01 units. Env: PORT, GAME_SEED.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "socket.io";
import { checkChatText } from "../../shared/protocol.js";
import { TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { toAxis } from "../../shared/sim/step.js";
import { emit, serveIpc } from "../lib/childIpc.js";
import { intentCode, intentFromCode } from "../sim/behaviour.js";
import type { PlainArena } from "./plainArena.js";
import { ServerProbe } from "./probe.js";
import { productLoop } from "./productLoop.js";
import { RoomPool, type PooledRoom } from "./roomPool.js";

interface SioRoom extends PooledRoom {
  chatIds: number;
}

const http = createServer();
const io = new Server(http, { serveClient: false, transports: ["websocket"], perMessageDeflate: false, httpCompression: false });
const probe = new ServerProbe(() => io.engine.clientsCount, () => pool.rooms.size, TICK_RATE_HZ);
const r2 = (v: number) => Math.round(v * 100) / 100;

function stateOf(arena: PlainArena) {
  const { state } = arena;
  const players: Record<string, object> = {};
  for (const p of state.players.values()) players[p.id] = { name: p.name, x: r2(p.x), y: r2(p.y), score: p.score, hue: p.hue, connected: p.connected };
  const orbs: Record<string, object> = {};
  for (const [id, o] of state.orbs) orbs[id] = { x: o.x, y: o.y, value: o.value };
  return { players, orbs, phase: state.phase, round: state.round, phaseEndsAt: state.phaseEndsAt };
}

const pool = new RoomPool<SioRoom>((arena) => {
  const room = arena.roomId;
  const stop = productLoop(probe, {
    hz: TICK_RATE_HZ,
    sendsPerSecond: TICK_RATE_HZ,
    run: (steps, dt) => {
      const now = arena.now();
      for (let i = 0; i < steps; i++) if (arena.step(dt, now) === "ended") io.to(room).emit("roundEnded", arena.roundResult());
    },
    send: () => {
      probe.sent(arena.players.size);
      io.to(room).volatile.emit("state", stateOf(arena));
    },
  });
  return { arena, chatIds: 0, dispose: stop };
}, Number(process.env.GAME_SEED ?? 1));

type Ack = (reply: unknown) => void;

io.on("connection", (socket: Socket) => {
  let room: SioRoom | undefined;
  socket.on("join", (options: { name?: unknown } | undefined, ack: Ack) => {
    if (room || typeof ack !== "function") return;
    room = pool.pick();
    room.arena.join(socket.id, typeof options?.name === "string" ? options.name.slice(0, 20) : undefined);
    void socket.join(room.arena.roomId);
    ack({ id: socket.id, state: stateOf(room.arena) });
  });
  socket.on("input", (dx: unknown, dy: unknown) => {
    room?.arena.input(socket.id, intentFromCode(intentCode({ dx: toAxis(Number(dx)), dy: toAxis(Number(dy)) })));
  });
  socket.on("chat", (message: { text?: unknown } | undefined, ack: Ack) => {
    if (!room || typeof ack !== "function") return;
    const check = checkChatText(typeof message?.text === "string" ? message.text : "");
    if (!check.ok) return ack({ error: check.error });
    const at = Date.now();
    const id = ++room.chatIds;
    const name = room.arena.players.get(socket.id)?.name ?? "?";
    io.to(room.arena.roomId).emit("chat", { id, from: socket.id, name, text: check.text, at });
    ack({ id, at });
  });
  socket.on("disconnect", () => {
    if (!room) return;
    room.arena.leave(socket.id);
    pool.release(room);
    room = undefined;
  });
});

http.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  serveIpc(probe.handlers(), () => new Promise<void>((resolve) => io.close(() => resolve())));
  emit("ready", { port: (http.address() as AddressInfo).port });
});
