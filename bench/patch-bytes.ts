/**
 * Measures the downstream bytes per client per second of a full 16-player room with every
 * player moving: `npm run bench:bytes [-- --players 16 --seconds 10]`. Starts its own server.
 * Prints the figure; asserts nothing (see `npm run bench` for the full benchmark).
 */
import { parseArgs } from "node:util";
import { Bot } from "../bots/Bot.js";
import { LOAD_TOOL_LIMITS_ENV } from "../bots/loadLimits.js";
import { createGameServer } from "../server/app.js";
import { loadConfig } from "../server/config.js";

const { values } = parseArgs({ options: { players: { type: "string", default: "16" }, seconds: { type: "string", default: "10" } } });
const players = Number(values.players);
const seconds = Number(values.seconds);

// The product's own server, in this process on a free port.
const server = createGameServer(loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", CLIENT_DIR: "", ...LOAD_TOOL_LIMITS_ENV }));
const url = `ws://127.0.0.1:${await server.listen()}`;
const bots: Bot[] = [];
const first = await Bot.join(url, { kind: "create" }, { name: "p1" });
bots.push(first);
for (let i = 2; i <= players; i++) bots.push(await Bot.join(url, { kind: "id", roomId: first.roomId }, { name: `p${i}` }));
for (const bot of bots) bot.drive("random");

// Count bytes at the socket: every binary frame each client receives.
const received = bots.map(() => 0);
bots.forEach((bot, i) => {
  const ws = (bot.room.connection as unknown as { transport: { ws: WebSocket } }).transport.ws;
  ws.addEventListener("message", (ev: MessageEvent) => {
    const data = ev.data as ArrayBuffer | Uint8Array | string;
    received[i]! += typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
  });
});
await new Promise((resolve) => setTimeout(resolve, 1000)); // warm-up: initial state and orb field
received.fill(0);
const started = performance.now();
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const elapsed = (performance.now() - started) / 1000;
const perClient = received.map((b) => b / elapsed);
const mean = perClient.reduce((a, b) => a + b, 0) / perClient.length;
console.log(
  `${players} players moving for ${elapsed.toFixed(1)} s: downstream ${mean.toFixed(0)} bytes/client/s ` +
    `(min ${Math.min(...perClient).toFixed(0)}, max ${Math.max(...perClient).toFixed(0)})`,
);
await Promise.all(bots.map((b) => b.leave()));
await server.close();
