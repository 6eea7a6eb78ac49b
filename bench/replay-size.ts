/**
 * The size of a recorded round: `npm run bench:replay [-- --players 16 --seconds 120 --humans 8]`.
 * Starts the product's server in this process with rounds of `--seconds`, seats `--humans` SDK bots
 * (half steering to orbs and dashing now and then, half walking at random, turning every 1–30 steps)
 * and lets server bots fill the other seats, plays one whole round, then reads its replay back
 * from GET /replays, verifies it and writes bench/results/replay.json (docs/performance.md reads it).
 * Reports figures; asserts nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Bot } from "../bots/Bot.js";
import { LOAD_TOOL_LIMITS_ENV } from "../bots/loadLimits.js";
import { createGameServer } from "../server/app.js";
import { loadConfig } from "../server/config.js";
import { unpackReplay } from "../shared/replay/file.js";
import type { ReplayMeta } from "../shared/replay/meta.js";
import { verifyReplay } from "../shared/replay/run.js";
import { nearestOrbIntent } from "../shared/steering.js";

const { values } = parseArgs({ options: { players: { type: "string", default: "16" }, seconds: { type: "string", default: "120" }, humans: { type: "string", default: "8" }, out: { type: "string", default: "bench/results" } } });
const players = Number(values.players);
const seconds = Number(values.seconds);
const humans = Math.min(players, Number(values.humans));
const dir = mkdtempSync(join(tmpdir(), "orb-replay-size-"));
const base = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", CLIENT_DIR: "", ...LOAD_TOOL_LIMITS_ENV, REPLAY_DIR: dir, BOT_FILL: String(players) });
const server = createGameServer({ ...base, game: { ...base.game, roundMs: seconds * 1000, intermissionMs: 2000 } });
const port = await server.listen();
const url = `ws://127.0.0.1:${port}`;
const log = (s: string) => process.stderr.write(`${s}\n`);

const bots: Bot[] = [];
const first = await Bot.join(url, { kind: "create" }, { name: "h1" });
bots.push(first);
for (let i = 2; i <= humans; i++) bots.push(await Bot.join(url, { kind: "id", roomId: first.roomId }, { name: `h${i}` }));
bots.forEach((bot, i) => {
  let n = i;
  let hold = 0;
  let intent = { dx: 0, dy: 0, dash: 0 };
  if (i % 2 === 0) bot.drive((me, state) => ({ ...nearestOrbIntent(me, state), dash: ++n % 45 === 0 ? 1 : 0 }));
  else
    bot.drive(() => {
      if (hold-- <= 0) {
        intent = { dx: Math.floor(Math.random() * 3) - 1, dy: Math.floor(Math.random() * 3) - 1, dash: Math.random() < 0.05 ? 1 : 0 };
        hold = 1 + Math.floor(Math.random() * 30);
      }
      return intent;
    });
});
// The round that starts with everyone seated is the one measured.
await first.waitFor(() => first.state.players.size >= players, 10_000, "all seats taken");
const startRound = first.state.round + 1;
log(`${first.state.players.size} players seated (${humans} SDK bots, the rest server bots); waiting for round ${startRound} to start and end (${seconds} s)…`);
await first.waitFor(() => first.state.round === startRound, 10_000 + seconds * 1000, "the measured round's start");
await first.waitFor(() => first.rounds.some((r) => r.round === startRound), seconds * 1000 + 10_000, "the measured round's end");
const replayId = first.rounds.find((r) => r.round === startRound)!.replayId;
if (!replayId) throw new Error("the round's result names no replay (REPLAYS=off?)");
let meta: ReplayMeta | undefined;
for (let i = 0; i < 100 && !meta; i++) {
  const listed = (await (await fetch(`http://127.0.0.1:${port}/replays`)).json()) as { replays: ReplayMeta[] };
  meta = listed.replays.find((m) => m.id === replayId);
  if (!meta) await new Promise((r) => setTimeout(r, 50));
}
if (!meta) throw new Error(`replay ${replayId} is not listed`);
const file = new Uint8Array(await (await fetch(`http://127.0.0.1:${port}/replays/${replayId}`)).arrayBuffer());
const replay = await unpackReplay(file);
const started = performance.now();
const verified = verifyReplay(replay);
const verifyMs = performance.now() - started;
const seated = replay.header.snapshot as { players: unknown[] };
const result = {
  date: new Date().toISOString(),
  node: process.version,
  players: seated.players.length,
  humans,
  seconds: replay.header.durationMs / 1000,
  steps: replay.header.steps,
  bytes: file.byteLength,
  bytesPerMinute: Math.round((file.byteLength * 60_000) / replay.header.durationMs),
  verifyMs: Math.round(verifyMs),
  hashesCompared: verified.checked,
};
writeFileSync(join(values.out, "replay.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(`round of ${result.players} players, ${result.seconds} s: replay ${result.bytes} bytes (${(result.bytes / 1024).toFixed(1)} KiB; target ≤ 64 KB), ${result.bytesPerMinute} B/min; re-simulated and verified in ${result.verifyMs} ms (${result.hashesCompared} hashes)`);
await Promise.all(bots.map((b) => b.leave().catch(() => undefined)));
await server.close();
rmSync(dir, { recursive: true, force: true });
