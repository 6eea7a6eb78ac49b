/**
 * `npm run replay -- verify <file-or-url>`: re-simulates a replay with the shared step and compares
 * every recorded state hash; prints the final hash. Exit 0: identical; 1: the re-simulation differs
 * (the first differing step is named); 2: the file cannot be read (truncated, corrupted, too large,
 * newer version, unknown game) or fetched.
 * `npm run replay -- info <file-or-url>`: what the replay holds, without re-simulating it.
 */
import { readFile, stat } from "node:fs/promises";
import { ReplayError } from "../../../shared/replay/errors.js";
import { MAX_REPLAY_FILE_BYTES, unpackReplay } from "../../../shared/replay/file.js";
import { hashText } from "../../../shared/replay/hash.js";
import { verifyReplay } from "../../../shared/replay/run.js";

const FETCH_TIMEOUT_MS = 15_000;
const USAGE = "usage: npm run replay -- verify <file-or-url>\n       npm run replay -- info <file-or-url>";

class CliError extends Error {}

async function load(source: string): Promise<Uint8Array> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (err) {
      throw new CliError(`cannot fetch ${source}: ${(err as Error).message}`);
    }
    if (!res.ok) throw new CliError(`${source} answered ${res.status} ${res.statusText}${res.status === 404 ? " (no such replay)" : ""}`);
    const declared = Number(res.headers.get("content-length") ?? 0);
    if (declared > MAX_REPLAY_FILE_BYTES) throw new CliError(`${source} is ${declared} bytes; a replay is at most ${MAX_REPLAY_FILE_BYTES}`);
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of res.body ?? []) {
      total += (chunk as Uint8Array).byteLength;
      if (total > MAX_REPLAY_FILE_BYTES) throw new CliError(`${source} is over ${MAX_REPLAY_FILE_BYTES} bytes; not a replay`);
      chunks.push(chunk as Uint8Array);
    }
    return new Uint8Array(Buffer.concat(chunks));
  }
  try {
    const size = (await stat(source)).size;
    if (size > MAX_REPLAY_FILE_BYTES) throw new CliError(`${source} is ${size} bytes; a replay is at most ${MAX_REPLAY_FILE_BYTES}`);
    return new Uint8Array(await readFile(source));
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, source, ...rest] = argv;
  if ((command !== "verify" && command !== "info") || !source || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  try {
    const replay = await unpackReplay(await load(source));
    const h = replay.header;
    const who = h.players.map((p) => `${p.name}${p.bot ? " (bot)" : ""} ${p.score}`).join(", ");
    console.log(`${h.game} replay: room ${h.roomId}, round ${h.round}, started ${h.startedAt}, ${h.steps} steps (${(h.durationMs / 1000).toFixed(1)} s)`);
    console.log(`players: ${who || "none"}`);
    if (command === "info") {
      console.log(`recorded final hash ${hashText(h.finalHash)}`);
      return 0;
    }
    const started = performance.now();
    const result = verifyReplay(replay);
    console.log(`final hash ${hashText(result.finalHash)}: identical to the recording (${result.checked} hashes compared, ${result.steps} steps re-simulated in ${(performance.now() - started).toFixed(0)} ms)`);
    return 0;
  } catch (err) {
    if (err instanceof ReplayError && err.code === "MISMATCH") {
      console.error(`MISMATCH at step ${err.step}: ${err.message}`);
      return 1;
    }
    if (err instanceof ReplayError || err instanceof CliError) {
      console.error(`cannot verify: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
