/**
 * Soak run: bots play and chat against a server for a long time while the server's memory,
 * event-loop lag and every chat acknowledgement are tracked.
 *   npm run soak -- --bots 200 --minutes 10            (starts its own server process)
 *   npm run soak -- --bots 50 --minutes 5 --url ws://host:2567
 *   --seconds N instead of --minutes; --json FILE writes the summary; --interval S between lines
 * Exits 1 if an acknowledgement was lost, a bot was disconnected, or the server died.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ServerProcess } from "../server/launch/gameServer.js";
import { Bot } from "../bots/Bot.js";
import { LOAD_TOOL_LIMITS_ENV } from "../bots/loadLimits.js";
import { scrapeServer, type ServerSample } from "./soakProbe.js";

const { values } = parseArgs({
  options: {
    bots: { type: "string", default: "60" },
    minutes: { type: "string" },
    seconds: { type: "string" },
    url: { type: "string" },
    interval: { type: "string", default: "10" },
    json: { type: "string" },
  },
});
const botCount = Number(values.bots);
const durationMs = values.seconds !== undefined ? Number(values.seconds) * 1000 : Number(values.minutes ?? "1") * 60_000;
const intervalMs = Number(values.interval) * 1000;
if (!(botCount > 0) || !(durationMs > 0) || !(intervalMs > 0)) {
  console.error("usage: npm run soak -- --bots N (--minutes M | --seconds S) [--url ws://host:port] [--interval S] [--json FILE]");
  process.exit(2);
}

const child = values.url === undefined ? await startServer() : undefined;
const url = child?.url ?? values.url ?? "";
const httpUrl = url.replace(/^ws/, "http");
const acks = { sent: 0, answered: 0, refused: 0, lost: 0 };
let unexpectedDisconnects = 0;
let ending = false;

const bots: Bot[] = [];
for (let i = 0; i < botCount; i++) {
  const bot = await Bot.join(url, { kind: "quick" }, { name: `soak-${i + 1}` });
  bot.room.onLeave(() => void (ending || unexpectedDisconnects++));
  bot.room.onDrop(() => void (ending || unexpectedDisconnects++));
  bot.drive(i % 2 === 0 ? "orbs" : "random");
  bots.push(bot);
}

// Each bot chats about every 8 s (within the 5-per-5-s limit), with its own texts.
const chatTimers = bots.map((bot, i) =>
  setInterval(() => {
    if (ending) return;
    acks.sent++;
    const timeout = new Promise<"lost">((resolve) => setTimeout(() => resolve("lost"), 10_000));
    Promise.race([bot.chat(`soak ${i} #${acks.sent}`).then(() => "ok" as const, (err: Error) => (err.name === "ChatRefused" ? "refused" : "lost") as "refused" | "lost"), timeout]).then((outcome) => {
      if (outcome === "lost") acks.lost++;
      else {
        acks.answered++;
        if (outcome === "refused") acks.refused++;
      }
    });
  }, 8000 + (i % 10) * 100),
);

const samples: ServerSample[] = [];
const started = Date.now();
console.log(`soak: ${botCount} bots against ${url} for ${Math.round(durationMs / 1000)} s`);
await new Promise<void>((resolve) => {
  const timer = setInterval(async () => {
    const elapsed = Date.now() - started;
    const sample = await scrapeServer(httpUrl, elapsed);
    if (sample) samples.push(sample);
    const connected = bots.filter((b) => b.left === undefined).length;
    console.log(
      `${String(Math.round(elapsed / 1000)).padStart(5)} s · bots ${connected}/${botCount} · ` +
        (sample ? `rss ${mb(sample.rssBytes)} · heap ${mb(sample.heapUsedBytes)} · lag p99 ${sample.lagP99Ms.toFixed(1)} ms · ` : "server unreachable · ") +
        `acks ${acks.answered}/${acks.sent} (refused ${acks.refused}, lost ${acks.lost}) · disconnects ${unexpectedDisconnects}`,
    );
    if (elapsed >= durationMs) {
      clearInterval(timer);
      resolve();
    }
  }, intervalMs);
});

// Let in-flight acknowledgements land (bounded), then stop.
ending = true;
chatTimers.forEach(clearInterval);
const drainUntil = Date.now() + 11_000;
while (acks.answered + acks.lost < acks.sent && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
const serverAlive = child ? child.running : samples.length > 0;
await Promise.all(bots.map((b) => b.leave().catch(() => undefined)));
await child?.stop();

const first = samples[0];
const last = samples[samples.length - 1];
const summary = {
  bots: botCount,
  seconds: Math.round((Date.now() - started) / 1000),
  acks,
  unexpectedDisconnects,
  serverAlive,
  heapUsedBytes: { first: first?.heapUsedBytes, last: last?.heapUsedBytes, max: Math.max(...samples.map((s) => s.heapUsedBytes)) },
  rssBytes: { first: first?.rssBytes, last: last?.rssBytes, max: Math.max(...samples.map((s) => s.rssBytes)) },
  lagP99Ms: { max: Math.max(...samples.map((s) => s.lagP99Ms)) },
  samples,
};
console.log(
  `summary: acks ${acks.answered}/${acks.sent} answered, ${acks.lost} lost · disconnects ${unexpectedDisconnects} · server ${serverAlive ? "alive" : "DEAD"} · ` +
    `heap ${mb(summary.heapUsedBytes.first ?? 0)} → ${mb(summary.heapUsedBytes.last ?? 0)} (max ${mb(summary.heapUsedBytes.max)}) · max lag p99 ${summary.lagP99Ms.max.toFixed(1)} ms`,
);
if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2));
process.exit(acks.lost === 0 && unexpectedDisconnects === 0 && serverAlive ? 0 : 1);

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** A server of its own: listening on 127.0.0.1 with the load tools' limits; its errors shown. */
function startServer(): Promise<ServerProcess> {
  return ServerProcess.start({
    env: { HOST: "127.0.0.1", LOG_LEVEL: "warn", CLIENT_DIR: "", ...LOAD_TOOL_LIMITS_ENV },
    onOutput: (chunk, stream) => void (stream === "stderr" && process.stderr.write(chunk)),
  });
}
