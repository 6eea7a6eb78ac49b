import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bot } from "../bots/Bot.js";
import { HillBot } from "../bots/HillBot.js";
import { HILL_MOVE_MS } from "../shared/sim/hill.js";
import { ReplayError } from "../shared/replay/errors.js";
import { unpackReplay } from "../shared/replay/file.js";
import { decodePayload } from "../shared/replay/format.js";
import { INPUT_CODES, inputCode, inputOfCode } from "../shared/replay/inputCode.js";
import type { ReplayMeta } from "../shared/replay/meta.js";
import { verifyReplay } from "../shared/replay/run.js";
import { hashText } from "../shared/replay/hash.js";
import { nearestOrbIntent } from "../shared/steering.js";
import { ROUND_PHASE } from "../shared/schema/state.js";
import { encodeDecoded, gzip } from "./helpers/replayFiles.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { untilValue } from "./helpers/until.js";

describe("replays: the shared pieces", () => {
  it("an input code keeps exactly what the step reads (axes -1/0/1, dash 1 or not)", () => {
    const seen = new Set<number>();
    for (const dx of [-3, -1, 0, 1, 0.5, Number.NaN]) for (const dy of [-1, 0, 1, 7]) for (const dash of [0, 1, 2]) {
      const code = inputCode({ dx, dy, dash });
      assert.ok(code >= 0 && code < INPUT_CODES);
      const back = inputOfCode(code);
      assert.equal(back.dx, dx > 0 ? 1 : dx < 0 ? -1 : 0);
      assert.equal(back.dy, dy > 0 ? 1 : dy < 0 ? -1 : 0);
      assert.equal(back.dash, dash === 1 ? 1 : 0);
      seen.add(code);
    }
    assert.equal(seen.size, INPUT_CODES);
  });

  it("the shared simulation calls no Math function whose result may differ between engines", () => {
    // Exact in every engine (IEEE 754 or integer): the rest (sin, cos, hypot, pow, exp, log, …) are not.
    const exact = new Set(["round", "floor", "ceil", "trunc", "min", "max", "abs", "sign", "sqrt", "imul", "fround", "PI", "SQRT1_2", "SQRT2"]);
    const dir = new URL("../shared/sim/", import.meta.url);
    const used: string[] = [];
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), "utf8");
      for (const m of text.matchAll(/Math\.(\w+)/g)) if (!exact.has(m[1]!)) used.push(`${file}: Math.${m[1]}`);
      for (const m of text.matchAll(/[\w)\]]\s*\*\*\s*[\w(]/g)) if (!/[A-Z_]+ \*\* 2/.test(text.slice(m.index! - 30, m.index! + 6))) used.push(`${file}: ${m[0]}`);
    }
    assert.deepEqual(used, []);
  });
});

describe("replays: rounds played by bots are recorded, listed, downloaded and re-simulated identically", function () {
  this.timeout(40_000);
  let server: TestServer;
  let dir: string;
  const bots: Bot[] = [];
  let meta: ReplayMeta;
  let file: Uint8Array;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "orb-replays-"));
    server = await startTestServer({ roundMs: 3000, intermissionMs: 500, botFill: 5 }, { REPLAY_DIR: dir });
  });
  after(async () => {
    await Promise.all(bots.splice(0).map((b) => b.leave().catch(() => undefined)));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records a round with dashes, server bots, a join and a leave mid-round; it verifies step for step", async () => {
    let n = 0;
    const dashing = (me: { x: number; y: number }, state: Parameters<typeof nearestOrbIntent>[1]) => ({ ...nearestOrbIntent(me, state), dash: ++n % 25 === 0 ? 1 : 0 });
    const ann = await Bot.join(server.url, { kind: "create" }, { name: "Ann" });
    bots.push(ann);
    ann.drive(dashing);
    await ann.waitFor(() => ann.state.phase === ROUND_PHASE.PLAYING, 3000, "round playing");
    const round = ann.state.round;
    const bob = await Bot.join(server.url, { kind: "id", roomId: ann.roomId }, { name: "Bob" });
    bots.push(bob);
    bob.drive("random");
    await bob.waitFor(() => bob.state.players.size >= 2, 3000, "seated");
    await bob.leave();
    await ann.waitFor(() => ann.rounds.some((r) => r.round === round), 6000, "the round's end");
    const result = ann.rounds.find((r) => r.round === round)!;

    assert.ok(result.replayId, "the round's result names its replay");
    meta = await untilValue(async () => (await server.server.replays.list(50)).find((m) => m.id === result.replayId), 5000, "the replay listed");
    assert.equal(meta.roomId, ann.roomId);
    assert.equal(meta.round, round);
    file = (await server.server.replays.get(meta.id))!;
    assert.ok(file, "the file is there");
    assert.equal(meta.bytes, file.byteLength);
    const replay = await unpackReplay(file);
    assert.equal(replay.header.game, "arena");
    assert.equal(replay.header.steps, meta.steps);
    assert.ok(replay.steps.length >= 60, `${replay.steps.length} steps`);
    assert.ok(replay.steps.some((s) => s.joins?.length), "a join mid-round is recorded");
    assert.ok(replay.steps.some((s) => s.leaves?.length), "a leave mid-round is recorded");
    assert.ok(replay.steps.some((s) => s.inputs.some((codes) => codes.some((c) => c % 2 === 1))), "dashes are recorded");
    const verified = verifyReplay(replay);
    assert.equal(verified.finalHash, replay.header.finalHash);
    assert.ok(verified.checked >= 3, `${verified.checked} hashes compared`);
    // The listing's final scores are the round result's.
    const byName = new Map(result.scores.map((s) => [s.name, s.score]));
    for (const p of meta.players) assert.equal(p.score, byName.get(p.name), `${p.name}'s score`);
  });

  it("GET /replays lists it and GET /replays/:id serves the same file; `npm run replay -- verify` agrees on the hash, from the URL and from a file", async () => {
    const listed = (await (await fetch(`${server.httpUrl}/replays`)).json()) as { replays: ReplayMeta[] };
    assert.deepEqual(listed.replays.find((m) => m.id === meta.id), meta);
    const res = await fetch(`${server.httpUrl}/replays/${meta.id}`);
    assert.equal(res.status, 200);
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), file);
    const header = (await unpackReplay(file)).header;
    const fromUrl = await replayCli(["verify", `${server.httpUrl}/replays/${meta.id}`]);
    assert.equal(fromUrl.code, 0, fromUrl.out);
    assert.match(fromUrl.out, new RegExp(`final hash ${hashText(header.finalHash)}: identical`));
    const path = join(dir, "copy.orbreplay");
    writeFileSync(path, file);
    const fromFile = await replayCli(["verify", path]);
    assert.equal(fromFile.code, 0, fromFile.out);
    const missing = await replayCli(["verify", `${server.httpUrl}/replays/no-such-replay`]);
    assert.equal(missing.code, 2, missing.out);
    assert.match(missing.out, /404/);
  });

  it("a tampered input fails verification at the first hashed step after it", async () => {
    const replay = await unpackReplay(file);
    const k = Math.floor(replay.steps.length / 2);
    const step = replay.steps.findIndex((s, i) => i >= k && s.inputs.some((c) => c.length === 1 && c[0] !== inputCode({ dx: 1, dy: 0 })));
    const seat = replay.steps[step]!.inputs.findIndex((c) => c.length === 1 && c[0] !== inputCode({ dx: 1, dy: 0 }));
    replay.steps[step]!.inputs[seat] = [inputCode({ dx: 1, dy: 0 })];
    const tampered = await gzip(encodeDecoded(replay));
    const every = replay.header.hashEvery;
    const expected = Math.min(replay.steps.length, Math.ceil((step + 1) / every) * every);
    await assert.rejects(async () => verifyReplay(await unpackReplay(tampered)), (err: unknown) => {
      assert.ok(err instanceof ReplayError && err.code === "MISMATCH", String(err));
      assert.equal(err.step, expected, err.message);
      return true;
    });
    const path = join(dir, "tampered.orbreplay");
    writeFileSync(path, tampered);
    const cli = await replayCli(["verify", path]);
    assert.equal(cli.code, 1, cli.out);
    assert.match(cli.out, new RegExp(`MISMATCH at step ${expected}:`));
  });

  it("truncated, corrupted, oversized and newer-version files are refused with a clear error", async () => {
    const expectCode = async (bytes: Uint8Array, code: string, label: string) =>
      assert.rejects(unpackReplay(bytes).then(verifyReplay), (err: unknown) => { assert.ok(err instanceof ReplayError && err.code === code && err.message.length > 10, `${label}: ${String(err)}`); return true; });
    await expectCode(file.subarray(0, Math.floor(file.byteLength / 2)), "TRUNCATED", "half a file");
    const payload = decodePayload(await inflate(file));
    const raw = encodeDecoded(payload);
    await expectCode(await gzip(raw.subarray(0, raw.byteLength - 3)), "TRUNCATED", "a payload cut short");
    const flipped = file.slice();
    flipped[Math.floor(flipped.byteLength / 2)]! ^= 0xff;
    await assert.rejects(unpackReplay(flipped).then(verifyReplay), (err: unknown) => err instanceof ReplayError && ["CORRUPT", "TRUNCATED", "MISMATCH"].includes(err.code), "a flipped byte");
    await expectCode(new TextEncoder().encode("hello, not a replay"), "CORRUPT", "not gzip");
    await expectCode(await gzip(new TextEncoder().encode("ORBX....")), "CORRUPT", "wrong magic");
    await expectCode(new Uint8Array(5 * 1024 * 1024).fill(0x1f), "TOO_LARGE", "oversized file");
    await expectCode(await gzip(new Uint8Array(40 * 1024 * 1024)), "TOO_LARGE", "a zip bomb (40 MB of zeros)");
    const newer = raw.slice();
    newer[4] = 99;
    await expectCode(await gzip(newer), "NEWER_VERSION", "format 99");
    await expectCode(await gzip(encodeDecoded({ ...payload, header: { ...payload.header, rules: 99 } })), "NEWER_VERSION", "rules 99");
    await expectCode(await gzip(encodeDecoded({ ...payload, header: { ...payload.header, game: "chess" } })), "UNKNOWN_GAME", "another game");
    // Crafted headers: too many seats, objects where strings belong, edited results.
    const snap = payload.header.snapshot as { players: unknown[] };
    const crowd = { ...payload, header: { ...payload.header, snapshot: { ...snap, players: Array.from({ length: 33 }, (_, i) => ({ ...(snap.players[0] as object), slot: i })) } } };
    await expectCode(await gzip(encodeDecoded(crowd)), "CORRUPT", "33 seats");
    const odd = { ...payload, header: { ...payload.header, players: [{ name: { toString: 0, valueOf: 0 }, score: {} }] as never } };
    await expectCode(await gzip(encodeDecoded(odd)), "MISMATCH", "an object for a name is read as no name (and the results then differ)");
    const edited = { ...payload, header: { ...payload.header, players: payload.header.players.map((p, i) => (i === 0 ? { ...p, score: p.score + 7 } : p)) } };
    await assert.rejects(unpackReplay(await gzip(encodeDecoded(edited))).then(verifyReplay), (err: unknown) => {
      assert.ok(err instanceof ReplayError && err.code === "MISMATCH" && /final scores differ/.test(err.message), String(err));
      return true;
    });
    const path = join(dir, "half.orbreplay");
    writeFileSync(path, file.subarray(0, Math.floor(file.byteLength / 2)));
    const cli = await replayCli(["verify", path]);
    assert.equal(cli.code, 2, cli.out);
    assert.match(cli.out, /cannot verify: the replay file cannot be inflated/);
  });
});

/** Runs `npm run replay -- <args>` (its script, on this Node) and resolves with its exit code and output. */
function replayCli(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "server/platform/replay/cli.ts", ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 99) : 0, out: stdout + stderr });
    });
  });
}

async function inflate(file: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([file as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("replays: King of the Hill declares them too (its step reads the clock, recorded to the µs)", function () {
  this.timeout(40_000);
  let server: TestServer;
  let dir: string;
  const bots: HillBot[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "orb-hill-replays-"));
    // A round a little longer than HILL_MOVE_MS: the hill jumps inside it, at a time the replay must reproduce.
    server = await startTestServer({ roundMs: HILL_MOVE_MS + 600, intermissionMs: 500, botFill: 4 }, { REPLAY_DIR: dir });
  });
  after(async () => {
    await Promise.all(bots.splice(0).map((b) => b.leave().catch(() => undefined)));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a hill round (a jump, kings, points) re-simulates identically", async () => {
    const king = await HillBot.join(server.url, { kind: "create" }, { name: "King" });
    bots.push(king);
    king.climb();
    await king.waitFor(() => king.state.phase === ROUND_PHASE.PLAYING, 3000, "round playing");
    const round = king.state.round;
    const hillAt = `${king.state.hill.x},${king.state.hill.y}`;
    await king.waitFor(() => king.bot.rounds.some((r) => r.round === round), HILL_MOVE_MS + 5000, "the round's end");
    assert.notEqual(`${king.state.hill.x},${king.state.hill.y}`, hillAt, "the hill jumped during the round");
    const result = king.bot.rounds.find((r) => r.round === round)!;
    assert.ok(result.replayId);
    const meta = await untilValue(async () => (await server.server.replays.list(50)).find((m) => m.id === result.replayId), 5000, "the hill replay listed");
    const replay = await unpackReplay((await server.server.replays.get(meta.id))!);
    assert.equal(replay.header.game, "hill");
    assert.ok(replay.steps.every((s) => s.nowMs !== undefined), "every step carries its clock");
    assert.ok(replay.steps.some((s) => s.inputs.some((c) => c.length > 0)), "players moved");
    const verified = verifyReplay(replay);
    assert.equal(verified.finalHash, replay.header.finalHash);
    // One µs off in one step's clock moves the jump: the hash after it differs.
    const jump = replay.steps.findIndex((s) => s.nowMs! >= (replay.header.snapshot as { hill: { movesAt: number } }).hill.movesAt);
    assert.ok(jump > 0, "the jump is inside the recording");
    replay.steps[jump]!.nowMs = replay.steps[jump]!.nowMs! - 0.001 - (replay.steps[jump]!.nowMs! - (replay.header.snapshot as { hill: { movesAt: number } }).hill.movesAt);
    await assert.rejects(async () => verifyReplay(await unpackReplay(await gzip(encodeDecoded(replay)))), (err: unknown) => err instanceof ReplayError && err.code === "MISMATCH");
  });
});

describe("replays: a snapshot names only seated players", () => {
  it("dash-hit immunity of a player who left is not in the snapshot (its seat is gone), and leaving clears it", async () => {
    const { arenaSnapshot } = await import("../shared/replay/arena.js");
    const { ArenaState, Player } = await import("../shared/schema/state.js");
    const { seatPlayer, unseatPlayer } = await import("../server/arena/rules/seats.js");
    const state = new ArenaState();
    const world = { state, orbs: undefined as never, budgets: new Map(), inputsOf: () => ({ size: 0, next: () => undefined }), hitImmunity: new Map([["gone", 12]]) };
    seatPlayer(world, "a", new Player({ name: "A" }));
    world.hitImmunity.set("a", 5);
    const slots = new Map([["a", 0]]);
    const snap = arenaSnapshot({ state, slotOf: (sid) => slots.get(sid) ?? -1, nextOrbId: 1, rng: 1, immunity: world.hitImmunity });
    assert.deepEqual(snap.immunity, [[0, 5]]);
    unseatPlayer(world, "a");
    assert.equal(world.hitImmunity.has("a"), false);
  });
});
