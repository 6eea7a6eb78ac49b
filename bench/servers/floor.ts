/**
 * The floor: the product's arena rules and loop (bench/servers/plainArena.ts, productLoop.ts) written
 * straight onto `ws` sockets with a hand-packed binary
 * delta (bench/servers/floorCodec.ts) — per room and patch interval, only the positions, scores
 * and orbs that changed, encoded once and framed once, the same bytes written to every socket of
 * the room. Same tick and patch rates as Orb Arena (30 Hz step, 20 Hz patches sent after the step),
 * no per-client input ack. The practical lower bound for bytes and fan-out CPU. Env: PORT, GAME_SEED.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as wsModule from "ws";
import { WebSocket, WebSocketServer } from "ws";
import { checkChatText } from "../../shared/protocol.js";
import { PATCH_INTERVAL_MS, TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { emit, serveIpc } from "../lib/childIpc.js";
import { intentFromCode } from "../sim/behaviour.js";
import { FLOOR, PHASES, Writer, quantizeX, quantizeY } from "./floorCodec.js";
import type { PlainArena, PlainPlayer } from "./plainArena.js";
import { ServerProbe } from "./probe.js";
import { productLoop } from "./productLoop.js";
import { RoomPool, type PooledRoom } from "./roomPool.js";

interface FloorRoom extends PooledRoom {
  sockets: Set<WebSocket>;
  /** What clients last saw, per player slot: quantized x, y and score (-1 = nothing yet). */
  seen: Int32Array;
  /** Orbs clients know: orb id → orb slot. */
  orbSlots: Map<string, { slot: number; x: number; y: number; value: number }>;
  seenPhase: string;
  seenRound: number;
  chatIds: number;
}

type Sendable = WebSocket & { _sender?: { sendFrame?(list: Buffer[], cb?: () => void): void } };
const FRAME_OPTS = { fin: true, rsv1: false, opcode: 2, mask: false, readOnly: false } as const;
// ws exports its frame encoder (untyped): frame once, then hand the same buffers to each socket's sender.
const Sender = (wsModule as unknown as { Sender: { frame(d: Buffer, o: typeof FRAME_OPTS): Buffer[] } }).Sender;
const frameOf = (data: Buffer): Buffer[] => Sender.frame(data, FRAME_OPTS);

const probe = new ServerProbe(() => wss.clients.size, () => pool.rooms.size, 1000 / PATCH_INTERVAL_MS);
const writer = new Writer();

/** Frames `data` once and writes the same bytes to every open socket (what Socket.IO's broadcast does). */
function broadcast(room: FloorRoom, data: Buffer): number {
  const frame = frameOf(data);
  let n = 0;
  for (const ws of room.sockets as Set<Sendable>) {
    if (ws.readyState !== WebSocket.OPEN) continue;
    if (ws._sender?.sendFrame) ws._sender.sendFrame(frame);
    else ws.send(data);
    n++;
  }
  return n;
}

function writePlayer(w: Writer, room: FloorRoom, p: PlainPlayer, withName: boolean): void {
  const qx = quantizeX(p.x);
  const qy = quantizeY(p.y);
  room.seen[p.slot * 3] = qx;
  room.seen[p.slot * 3 + 1] = qy;
  room.seen[p.slot * 3 + 2] = p.score;
  w.u8(p.slot).u16(qx).u16(qy);
  if (withName) w.u16(p.score).u8(p.hue).str8(p.name);
}

function patch(room: FloorRoom): void {
  const { seen } = room;
  const world = room.arena.state;
  const w = writer.reset().u8(FLOOR.PATCH);
  let at = w.offset;
  let n = 0;
  w.u8(0);
  for (const p of world.players.values()) {
    const qx = quantizeX(p.x);
    const qy = quantizeY(p.y);
    if (seen[p.slot * 3] === qx && seen[p.slot * 3 + 1] === qy) continue;
    seen[p.slot * 3] = qx;
    seen[p.slot * 3 + 1] = qy;
    w.u8(p.slot).u16(qx).u16(qy);
    n++;
  }
  w.setU8(at, n);
  at = w.offset;
  n = 0;
  w.u8(0);
  for (const p of world.players.values()) {
    if (seen[p.slot * 3 + 2] === p.score) continue;
    seen[p.slot * 3 + 2] = p.score;
    w.u8(p.slot).u16(p.score);
    n++;
  }
  w.setU8(at, n);
  at = w.offset;
  n = 0;
  w.u8(0);
  for (const [id, orb] of room.orbSlots) {
    if (world.orbs.has(id)) continue;
    room.orbSlots.delete(id);
    w.u8(orb.slot);
    n++;
  }
  w.setU8(at, n);
  at = w.offset;
  n = 0;
  w.u8(0);
  let used: Set<number> | undefined;
  let free = 0;
  for (const [id, orb] of world.orbs) {
    if (room.orbSlots.has(id)) continue;
    used ??= new Set([...room.orbSlots.values()].map((o) => o.slot));
    while (used.has(free)) free++;
    used.add(free);
    room.orbSlots.set(id, { slot: free, x: orb.x, y: orb.y, value: orb.value });
    w.u8(free).u16(orb.x).u16(orb.y).u8(orb.value);
    n++;
  }
  w.setU8(at, n);
  if (w.offset > 5) probe.sent(broadcast(room, w.take()));
  if (world.phase !== room.seenPhase || world.round !== room.seenRound) {
    room.seenPhase = world.phase;
    room.seenRound = world.round;
    broadcast(room, writer.reset().u8(FLOOR.ROUND).u8(PHASES.indexOf(world.phase as (typeof PHASES)[number])).u16(world.round).take());
  }
}

function welcome(room: FloorRoom, me: PlainPlayer): Buffer {
  const w = writer.reset().u8(FLOOR.WELCOME).u8(me.slot).u8(room.arena.players.size);
  for (const p of room.arena.players.values()) {
    const s = p.slot * 3;
    w.u8(p.slot).u16(room.seen[s]!).u16(room.seen[s + 1]!).u16(room.seen[s + 2]!).u8(p.hue).str8(p.name);
  }
  w.u8(room.orbSlots.size);
  for (const o of room.orbSlots.values()) w.u8(o.slot).u16(o.x).u16(o.y).u8(o.value);
  return w.u8(PHASES.indexOf(room.seenPhase as (typeof PHASES)[number])).u16(room.seenRound).take();
}

const pool = new RoomPool<FloorRoom>((arena: PlainArena) => {
  const room: FloorRoom = {
    arena,
    sockets: new Set(),
    seen: new Int32Array(16 * 3).fill(-1),
    orbSlots: new Map(),
    seenPhase: arena.state.phase,
    seenRound: arena.state.round,
    chatIds: 0,
    dispose: () => stopLoop(),
  };
  const stopLoop = productLoop(probe, {
    hz: TICK_RATE_HZ,
    sendsPerSecond: 1000 / PATCH_INTERVAL_MS,
    run: (steps, dt) => {
      const now = arena.now();
      for (let i = 0; i < steps; i++) arena.step(dt, now);
    },
    send: () => patch(room),
  });
  return room;
}, Number(process.env.GAME_SEED ?? 1));

const http = createServer();
const wss = new WebSocketServer({ server: http, maxPayload: 4096, perMessageDeflate: false });
let nextId = 1;

wss.on("connection", (ws, req) => {
  const id = `c${nextId++}`;
  const name = new URL(req.url ?? "/", "http://x").searchParams.get("name")?.slice(0, 20) ?? "";
  const room = pool.pick();
  const me = room.arena.join(id, name || undefined);
  const joined = writer.reset().u8(FLOOR.JOINED);
  writePlayer(joined, room, me, false);
  broadcast(room, joined.u8(me.hue).str8(me.name).take());
  room.sockets.add(ws);
  ws.send(welcome(room, me));
  ws.on("message", (data: Buffer) => {
    if (data.length === 1) return room.arena.input(id, intentFromCode(data[0]!));
    if (data[0] !== FLOOR.CHAT_REQUEST || data.length < 3) return;
    const requestId = data.readUInt16LE(1);
    const check = checkChatText(data.subarray(3).toString("utf8"));
    if (!check.ok) return ws.send(writer.reset().u8(FLOOR.ACK).u16(requestId).u8(0).u16(0).take());
    const chatId = ++room.chatIds;
    broadcast(room, Buffer.concat([writer.reset().u8(FLOOR.CHAT).u8(me.slot).u16(chatId).take(), Buffer.from(check.text, "utf8")]));
    ws.send(writer.reset().u8(FLOOR.ACK).u16(requestId).u8(1).u16(chatId).take());
  });
  ws.on("close", () => {
    room.sockets.delete(ws);
    room.arena.leave(id);
    room.seen.fill(-1, me.slot * 3, me.slot * 3 + 3);
    broadcast(room, writer.reset().u8(FLOOR.LEFT).u8(me.slot).take());
    pool.release(room);
  });
});

http.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  serveIpc(probe.handlers(), () => new Promise<void>((resolve) => wss.close(() => http.close(() => resolve()))));
  emit("ready", { port: (http.address() as AddressInfo).port });
});
