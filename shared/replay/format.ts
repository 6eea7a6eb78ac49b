/**
 * The replay file (docs/protocol.md, "Replay files"): gzip of
 *   "ORBR" · format version (u8) · header length (u32) · header (UTF-8 JSON) · body
 * The body is the round step by step: before each step the seats that changed (JOIN, LEAVE), the
 * generator's state when something between steps moved it (RNG), the clock for games that read it
 * (TIME), then STEP with the applied inputs of every seated player in seat order, and every
 * `hashEvery` steps (and after the last) the state hash (HASH).
 */
import { ByteError, ByteReader, ByteWriter } from "./bytes.js";
import { ReplayError } from "./errors.js";
import { INPUT_CODES } from "./inputCode.js";

export const REPLAY_FORMAT = 1;
const MAGIC = [0x4f, 0x52, 0x42, 0x52]; // "ORBR"
/** Largest header (JSON), bytes. */
export const MAX_HEADER_BYTES = 256 * 1024;
/** Longest round a file may hold, in steps (a little over an hour at 30 Hz, ROUND_SECONDS' maximum): bounds the work of a re-simulation. */
export const MAX_STEPS = 110_000;
/** Most inputs one player may apply in one step (the input budget's burst is far below). */
const MAX_INPUTS_PER_STEP = 200;
/**
 * Most seats a replay may have filled at once (every room type holds far fewer): with MAX_STEPS it
 * bounds the memory a decoded file takes and the work of re-simulating it.
 */
export const MAX_SEATS = 32;

export const OP = { JOIN: 1, LEAVE: 2, RNG: 3, TIME: 4, STEP: 5, HASH: 6 } as const;
/** STEP entry byte: < 18 one input of that code; 18 none; 19 + k: k ≥ 2 inputs, their codes follow. */
const NO_INPUT = INPUT_CODES;

export interface ReplayHeader {
  format: number;
  game: string;
  rules: number;
  roomId: string;
  round: number;
  startedAt: string;
  hz: number;
  hashEvery: number;
  steps: number;
  durationMs: number;
  /** Hash of the snapshot, before the first step. */
  startHash: number;
  finalHash: number;
  /** Seated at the end, best first. */
  players: Array<{ name: string; score: number; bot: boolean }>;
  snapshot: unknown;
  /** Games whose step reads the clock: the room clock at the round's start, whole µs (TIME records count from it). */
  clockStartUs?: number;
}

/** Everything that happens before and in one step. */
export interface ReplayStep {
  leaves?: number[];
  joins?: Array<{ slot: number; record: unknown }>;
  rng?: number;
  /** The room clock this step read (ms), for games that read it. */
  nowMs?: number;
  /** Input codes per seated player, in seat order (decoded arrays are shared and frozen: replace, do not edit). */
  inputs: (readonly number[])[];
  /** State hash after this step, when recorded. */
  hash?: number;
}

export interface DecodedReplay {
  header: ReplayHeader;
  steps: ReplayStep[];
}

/** Writes a body as the round is played (the recorder holds one per room and round). */
export class ReplayBodyWriter {
  private readonly w = new ByteWriter();
  private readonly text = new TextEncoder();

  get bytes(): number {
    return this.w.length;
  }

  join(slot: number, record: unknown): void {
    const json = this.text.encode(JSON.stringify(record));
    this.w.u8(OP.JOIN);
    this.w.varint(slot);
    this.w.varint(json.length);
    this.w.bytes(json);
  }

  leave(slot: number): void {
    this.w.u8(OP.LEAVE);
    this.w.varint(slot);
  }

  rng(state: number): void {
    this.w.u8(OP.RNG);
    this.w.u32(state);
  }

  /** `us`: whole microseconds since the round started (the header's clockStartUs). */
  time(us: number): void {
    if (!(us >= 0 && us <= 0xffffffff)) throw new RangeError(`a step clock of ${us} µs after the round's start (at most 2^32)`);
    this.w.u8(OP.TIME);
    this.w.varint(us);
  }

  /** Starts a STEP; then one `inputs` per seated player, in seat order. */
  step(): void {
    this.w.u8(OP.STEP);
  }

  inputs(codes: readonly number[]): void {
    if (codes.length > MAX_INPUTS_PER_STEP) throw new RangeError(`${codes.length} inputs in one step (at most ${MAX_INPUTS_PER_STEP})`);
    if (codes.length === 1) this.w.u8(codes[0]!);
    else if (codes.length === 0) this.w.u8(NO_INPUT);
    else {
      this.w.u8(NO_INPUT + codes.length - 1);
      for (const code of codes) this.w.u8(code);
    }
  }

  hash(h: number): void {
    this.w.u8(OP.HASH);
    this.w.u32(h);
  }

  finish(): Uint8Array {
    return this.w.finish();
  }
}

/** The uncompressed file: magic, version, header, body. */
export function encodePayload(header: ReplayHeader, body: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const w = new ByteWriter();
  for (const b of MAGIC) w.u8(b);
  w.u8(header.format);
  w.u32(json.length);
  w.bytes(json);
  w.bytes(body);
  return w.finish();
}

/** Reads an uncompressed file; throws ReplayError (TRUNCATED, CORRUPT, NEWER_VERSION) naming what is wrong. */
export function decodePayload(payload: Uint8Array): DecodedReplay {
  try {
    return decode(new ByteReader(payload));
  } catch (err) {
    if (err instanceof ReplayError) throw err;
    if (err instanceof ByteError) throw new ReplayError(err.kind === "truncated" ? "TRUNCATED" : "CORRUPT", `the replay is ${err.kind === "truncated" ? "cut short" : "damaged"}: ${err.message}`);
    // Anything else a crafted file provokes is still a damaged file, never another kind of error.
    throw new ReplayError("CORRUPT", `the replay is damaged (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** A step's inputs as decoded: shared, frozen arrays for "none" and each single code (one pointer per seat and step). */
const NONE: readonly number[] = Object.freeze([]);
const SINGLE: readonly (readonly number[])[] = Array.from({ length: INPUT_CODES }, (_, c) => Object.freeze([c]));

function decode(r: ByteReader): DecodedReplay {
  for (const b of MAGIC) if (r.u8() !== b) throw new ReplayError("CORRUPT", "not a replay file (it does not start with ORBR)");
  const format = r.u8();
  if (format > REPLAY_FORMAT) throw new ReplayError("NEWER_VERSION", `the replay was written in format ${format}; this version reads format ${REPLAY_FORMAT} and older: update to watch it`);
  if (format < 1) throw new ReplayError("CORRUPT", `unknown replay format ${format}`);
  const headerLength = r.u32();
  if (headerLength > MAX_HEADER_BYTES) throw new ReplayError("CORRUPT", `the replay header claims ${headerLength} bytes (at most ${MAX_HEADER_BYTES})`);
  const header = parseHeader(r.bytes(headerLength));

  const steps: ReplayStep[] = [];
  const text = new TextDecoder("utf-8", { fatal: true });
  let seated = countSeats(header.snapshot);
  const tooMany = () => new ReplayError("CORRUPT", `more than ${MAX_SEATS} players seated at once (before step ${steps.length + 1})`);
  if (seated > MAX_SEATS) throw tooMany();
  let pending: Omit<ReplayStep, "inputs"> = {};
  while (!r.done) {
    const op = r.u8();
    switch (op) {
      case OP.JOIN: {
        const slot = r.varint();
        const len = r.varint();
        if (len > 4096) throw new ReplayError("CORRUPT", `a join record of ${len} bytes before step ${steps.length + 1}`);
        let record: unknown;
        try {
          record = JSON.parse(text.decode(r.bytes(len)));
        } catch (err) {
          if (err instanceof ByteError) throw err;
          throw new ReplayError("CORRUPT", `an unreadable join record before step ${steps.length + 1}`);
        }
        (pending.joins ??= []).push({ slot, record });
        if (++seated > MAX_SEATS) throw tooMany();
        break;
      }
      case OP.LEAVE:
        (pending.leaves ??= []).push(r.varint());
        if (--seated < 0) throw new ReplayError("CORRUPT", `more players leave than are seated before step ${steps.length + 1}`);
        break;
      case OP.RNG:
        pending.rng = r.u32();
        break;
      case OP.TIME:
        pending.nowMs = ((header.clockStartUs ?? 0) + r.varint()) / 1000;
        break;
      case OP.STEP: {
        if (steps.length >= MAX_STEPS) throw new ReplayError("CORRUPT", `more than ${MAX_STEPS} steps`);
        const inputs: (readonly number[])[] = [];
        for (let k = 0; k < seated; k++) {
          const b = r.u8();
          if (b < NO_INPUT) inputs.push(SINGLE[b]!);
          else if (b === NO_INPUT) inputs.push(NONE);
          else {
            const n = b - NO_INPUT + 1;
            const codes: number[] = [];
            for (let i = 0; i < n; i++) {
              const c = r.u8();
              if (c >= INPUT_CODES) throw new ReplayError("CORRUPT", `input code ${c} in step ${steps.length + 1}`);
              codes.push(c);
            }
            inputs.push(codes);
          }
        }
        steps.push({ ...pending, inputs });
        pending = {};
        break;
      }
      case OP.HASH: {
        const last = steps[steps.length - 1];
        if (!last) throw new ReplayError("CORRUPT", "a hash before the first step");
        last.hash = r.u32();
        break;
      }
      default:
        throw new ReplayError("CORRUPT", `unknown record ${op} at byte ${r.offset - 1} (after step ${steps.length})`);
    }
  }
  if (pending.joins || pending.leaves || pending.rng !== undefined) throw new ReplayError("TRUNCATED", `the replay ends before step ${steps.length + 1}`);
  if (steps.length !== header.steps) throw new ReplayError("TRUNCATED", `the replay holds ${steps.length} of its ${header.steps} steps`);
  return { header, steps };
}

function parseHeader(bytes: Uint8Array): ReplayHeader {
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new ReplayError("CORRUPT", "the replay header is not readable JSON");
  }
  const int = (k: string, max = 2 ** 32 - 1) => {
    const v = h?.[k];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) throw new ReplayError("CORRUPT", `the replay header's "${k}" is missing or out of range`);
    return v;
  };
  const str = (k: string) => {
    const v = h?.[k];
    if (typeof v !== "string" || v.length > 200) throw new ReplayError("CORRUPT", `the replay header's "${k}" is missing or too long`);
    return v;
  };
  const players = h?.players;
  if (!Array.isArray(players) || players.length > 1000) throw new ReplayError("CORRUPT", `the replay header's "players" is missing`);
  if (typeof h.snapshot !== "object" || h.snapshot === null) throw new ReplayError("CORRUPT", `the replay header has no snapshot`);
  return {
    format: int("format", 255),
    game: str("game"),
    rules: int("rules"),
    roomId: str("roomId"),
    round: int("round"),
    startedAt: str("startedAt"),
    hz: int("hz", 1000) || 1,
    hashEvery: int("hashEvery") || 1,
    steps: int("steps", MAX_STEPS),
    durationMs: int("durationMs"),
    startHash: int("startHash"),
    finalHash: int("finalHash"),
    players: players.map((p: { name?: unknown; score?: unknown; bot?: unknown } | null) => ({
      name: typeof p?.name === "string" ? p.name.slice(0, 64) : "",
      score: typeof p?.score === "number" && Number.isFinite(p.score) ? p.score : 0,
      bot: p?.bot === true,
    })),
    snapshot: h.snapshot,
    ...(h.clockStartUs === undefined ? {} : { clockStartUs: int("clockStartUs", Number.MAX_SAFE_INTEGER) }),
  };
}

/** Players seated in a snapshot (every game's snapshot lists them as `players`). */
function countSeats(snapshot: unknown): number {
  const players = (snapshot as { players?: unknown }).players;
  if (!Array.isArray(players)) throw new ReplayError("CORRUPT", "the snapshot has no players list");
  return players.length;
}
