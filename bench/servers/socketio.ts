/**
 * The Socket.IO baseline: the same simulation (the shared step, orb rules, input budget, round
 * clock, seed) in a plain Socket.IO server written the classic way — rooms via socket.join, and
 * every tick the full room state as JSON to the room (`io.to(room).volatile.emit("state", …)`;
 * volatile because a newer state supersedes a dropped one). Written fairly: websocket transport
 * only, no compression, the state encoded once per room per tick by Socket.IO's broadcast,
 * positions rounded to 0.01 units. Env: PORT, GAME_SEED.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "socket.io";
import { checkChatText } from "../../shared/protocol.js";
import { TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { toAxis } from "../../shared/sim/step.js";
import { roundResult } from "../../server/arena/rules/scoreboard.js";
import { emit, serveIpc } from "../lib/childIpc.js";
import { intentCode, intentFromCode } from "../sim/behaviour.js";
import type { ArenaWorld } from "../sim/world.js";
import { fixedLoop } from "./fixedLoop.js";
import { ServerProbe } from "./probe.js";
import { RoomPool, type PooledRoom } from "./roomPool.js";

interface SioRoom extends PooledRoom {
  chatIds: number;
}

const http = createServer();
const io = new Server(http, { serveClient: false, transports: ["websocket"], perMessageDeflate: false, httpCompression: false });
const probe = new ServerProbe(() => io.engine.clientsCount, () => pool.rooms.size, TICK_RATE_HZ);
const r2 = (v: number) => Math.round(v * 100) / 100;

function stateOf(world: ArenaWorld) {
  const players: Record<string, object> = {};
  for (const p of world.players.values()) players[p.id] = { name: p.name, x: r2(p.x), y: r2(p.y), score: p.score, hue: p.hue, connected: p.connected };
  const orbs: Record<string, object> = {};
  for (const o of world.orbs.values()) orbs[o.id] = { x: o.x, y: o.y, value: o.value };
  return { players, orbs, phase: world.phase, round: world.round, phaseEndsAt: world.phaseEndsAt };
}

const pool = new RoomPool<SioRoom>((world) => {
  const room = world.roomId;
  const stop = fixedLoop(
    probe,
    TICK_RATE_HZ,
    (dt) => {
      if (world.step(dt) === "ended") io.to(room).emit("roundEnded", roundResult(world.round, world.players));
    },
    () => {
      if (probe.paused) return;
      probe.sent(world.players.size);
      io.to(room).volatile.emit("state", stateOf(world));
    },
  );
  return { world, chatIds: 0, dispose: stop };
}, Number(process.env.GAME_SEED ?? 1));

type Ack = (reply: unknown) => void;

io.on("connection", (socket: Socket) => {
  let room: SioRoom | undefined;
  socket.on("join", (options: { name?: unknown } | undefined, ack: Ack) => {
    if (room || typeof ack !== "function") return;
    room = pool.pick();
    room.world.add(socket.id, typeof options?.name === "string" ? options.name.slice(0, 20) : "");
    void socket.join(room.world.roomId);
    ack({ id: socket.id, state: stateOf(room.world) });
  });
  socket.on("input", (dx: unknown, dy: unknown) => {
    room?.world.input(socket.id, intentFromCode(intentCode({ dx: toAxis(Number(dx)), dy: toAxis(Number(dy)) })));
  });
  socket.on("chat", (message: { text?: unknown } | undefined, ack: Ack) => {
    if (!room || typeof ack !== "function") return;
    const check = checkChatText(typeof message?.text === "string" ? message.text : "");
    if (!check.ok) return ack({ error: check.error });
    const at = Date.now();
    const id = ++room.chatIds;
    const name = room.world.players.get(socket.id)?.name ?? "?";
    io.to(room.world.roomId).emit("chat", { id, from: socket.id, name, text: check.text, at });
    ack({ id, at });
  });
  socket.on("disconnect", () => {
    if (!room) return;
    room.world.remove(socket.id);
    pool.release(room);
    room = undefined;
  });
});

http.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  serveIpc(probe.handlers(), () => new Promise<void>((resolve) => io.close(() => resolve())));
  emit("ready", { port: (http.address() as AddressInfo).port });
});
