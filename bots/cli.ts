/**
 * Bot CLI: plays against any running server and prints a one-line live status.
 *   npm run bots -- --url ws://localhost:2567 --count 20 [--seconds 60] [--chat-every 10] [--steer orbs|random]
 */
import { parseArgs } from "node:util";
import { Bot } from "./Bot.js";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "ws://localhost:2567" },
    count: { type: "string", default: "10" },
    seconds: { type: "string", default: "0" },
    "chat-every": { type: "string", default: "15" },
    steer: { type: "string", default: "orbs" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log("usage: npm run bots -- --url ws://host:port --count N [--seconds S (0 = until Ctrl-C)] [--chat-every S] [--steer orbs|random]");
  process.exit(0);
}

const count = positiveInt(values.count, "--count");
const seconds = Number(values.seconds);
const chatEverySeconds = Number(values["chat-every"]);
const steer = values.steer === "random" ? "random" : "orbs";
const bots: Bot[] = [];
let joinFailures = 0;
let chatsSent = 0;
const started = Date.now();

for (let i = 0; i < count; i++) {
  try {
    const name = `bot-${i + 1}`;
    // A deploy closes rooms with 4001: the bot finds another room by itself and says so.
    const bot = await Bot.join(values.url, { kind: "quick" }, { name, rejoinOnRestart: true });
    bot.onRejoin((m) => console.log(`\n${name}: server restarting — moved from room ${m.fromRoomId} to ${m.toRoomId} (${m.how === "code" ? "same code" : "quick play"}, ${Math.round(m.inGameAt - m.closedAt)} ms without a game, ${m.attempts} attempt${m.attempts === 1 ? "" : "s"})`));
    bot.onRejoinFailed((err) => console.error(`\n${name}: server restarting — ${err.message}`));
    bot.drive(steer);
    bots.push(bot);
  } catch (err) {
    joinFailures++;
    console.error(`bot-${i + 1} could not join: ${(err as Error).message}`);
  }
}

const chatTimer =
  chatEverySeconds > 0
    ? setInterval(() => {
        const bot = bots[Math.floor(Math.random() * bots.length)];
        if (!bot || bot.left !== undefined) return;
        chatsSent++;
        bot.chat(`hello #${chatsSent} from ${bot.me?.name ?? "a bot"}`).catch(() => undefined);
      }, (chatEverySeconds * 1000) / Math.max(1, bots.length))
    : undefined;

let lastInputs = 0;
let lastAt = Date.now();
const status = setInterval(() => {
  const now = Date.now();
  const inputs = bots.reduce((sum, b) => sum + b.stats.inputsSent, 0);
  const rate = ((inputs - lastInputs) * 1000) / (now - lastAt);
  lastInputs = inputs;
  lastAt = now;
  const connected = bots.filter((b) => b.left === undefined && !b.room.reconnection.isReconnecting).length;
  const rooms = new Set(bots.filter((b) => b.left === undefined).map((b) => b.roomId)).size;
  const acked = bots.reduce((sum, b) => sum + b.stats.chatsAcked, 0);
  const refused = bots.reduce((sum, b) => sum + b.stats.chatsRefused, 0);
  const line = `connected ${connected}/${count} · rooms ${rooms} · inputs/s ${rate.toFixed(0)} · chat acks ${acked}/${chatsSent} (refused ${refused}) · join failures ${joinFailures} · ${Math.round((now - started) / 1000)} s`;
  process.stdout.write(process.stdout.isTTY ? `\r${line}   ` : `${line}\n`);
  if (seconds > 0 && now - started >= seconds * 1000) void shutdown();
}, 1000);

process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  clearInterval(status);
  if (chatTimer) clearInterval(chatTimer);
  await Promise.all(bots.map((b) => b.leave().catch(() => undefined)));
  process.stdout.write("\n");
  process.exit(joinFailures > 0 && bots.length === 0 ? 1 : 0);
}

function positiveInt(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${flag} must be a positive integer`);
    process.exit(2);
  }
  return n;
}
