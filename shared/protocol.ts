/**
 * The public wire protocol of Orb Arena: room names, message names, payload validators and
 * types, error codes. Written once here; server, client and bots import it.
 * Third-party clients: see docs/protocol.md.
 */
import { z } from "zod";

/** Bumped on any incompatible change to names, payloads or state fields. */
export const PROTOCOL_VERSION = 2;

export const ROOM = {
  /** The game. */
  ARENA: "arena",
  /** Colyseus' LobbyRoom: a live list of public arena rooms (`rooms`, `+`, `-` messages). */
  LOBBY: "lobby",
  /** King of the Hill: the second game, a hill to hold alone (docs/making-a-game.md). */
  HILL: "hill",
} as const;
export type RoomName = (typeof ROOM)[keyof typeof ROOM];

/** Client → server messages (imperative verbs). */
export const CLIENT_MESSAGE = {
  /** Chat to the players of this room. */
  CHAT: "chat",
  /** Chat to every connected player, in every room and process (also from the lobby). */
  GLOBAL_CHAT: "globalChat",
  /** Catch-up after a reconnection: room chat messages with an id above `afterId`. */
  CHAT_SINCE: "chatSince",
  /** Catch-up after a reconnection: global chat messages with an id above `afterId`. */
  GLOBAL_CHAT_SINCE: "globalChatSince",
} as const;

/** Client → server messages of the hill room only, besides CLIENT_MESSAGE (imperative verbs). */
export const HILL_CLIENT_MESSAGE = {
  /** Show an emote over one's player to the room (`{ emote }`, one of EMOTES). */
  EMOTE: "emote",
} as const;

/** Server → client messages (nouns / past tense). */
export const SERVER_MESSAGE = {
  CHAT: "chat",
  CHAT_HISTORY: "chatHistory",
  GLOBAL_CHAT: "globalChat",
  GLOBAL_CHAT_HISTORY: "globalChatHistory",
  ROUND_ENDED: "roundEnded",
  /** Hill room: a player emoted (broadcast to the room, sender included). */
  EMOTED: "emoted",
  ERROR: "error",
} as const;

/** Codes carried by every structured refusal `{ code, message }`. */
export const ERROR_CODE = {
  INVALID_PAYLOAD: "INVALID_PAYLOAD",
  EMPTY_MESSAGE: "EMPTY_MESSAGE",
  MESSAGE_TOO_LONG: "MESSAGE_TOO_LONG",
  RATE_LIMITED: "RATE_LIMITED",
  /** The same text as the sender's previous message, again, too soon. */
  DUPLICATE_MESSAGE: "DUPLICATE_MESSAGE",
  UNKNOWN_MESSAGE: "UNKNOWN_MESSAGE",
  /** A shared service (the global chat store) did not answer in time; try again. */
  UNAVAILABLE: "UNAVAILABLE",
  /** What was asked for does not exist (`GET /replays/:id` of an unknown or removed replay). */
  NOT_FOUND: "NOT_FOUND",
} as const;
export type ErrorCode = (typeof ERROR_CODE)[keyof typeof ERROR_CODE];

/** A structured refusal, sent as a request's rejection reason or as an `error` message. */
export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

/**
 * Numeric codes of join/create refusals. Options are checked at matchmaking time, so these are
 * the HTTP status of the matchmaking reply (the SDK's MatchMakeError.code); the message always
 * starts with the code's name, e.g. "INVALID_NAME: …".
 */
export const JOIN_ERROR = {
  INVALID_OPTIONS: 400,
  INVALID_NAME: 422,
  /** The name is, or looks like, one the game reserves ("Server", "Admin", … shared/names.ts). */
  NAME_RESERVED: 422,
  /** Too many rooms created from one client address in the last minute; try again shortly. */
  CREATE_RATE_LIMITED: 429,
  /** Too many seats reserved from one client address and not used yet (joins not completed). */
  PENDING_SEATS_LIMITED: 429,
  /** Too many unknown room codes tried from one client address in the last minute. */
  CODE_GUESSES_LIMITED: 429,
  /** The server hosts as many rooms as it may (MAX_ROOMS_PER_PROCESS on every process). */
  ROOM_LIMIT_REACHED: 503,
  /** Matchmaking cannot be answered now (Redis is not answering); try again shortly. */
  UNAVAILABLE: 503,
} as const;

/** WebSocket close codes the server uses beyond Colyseus' own. */
export const CLOSE_CODE = {
  /**
   * The server process is stopping (a deploy or restart; Colyseus' CloseCode.SERVER_SHUTDOWN). With a drain the room
   * closes after its round; the room is gone, the client rejoins elsewhere (game-client/net/rejoin.ts).
   */
  SERVER_SHUTDOWN: 4001,
  /** Kicked for sustained abuse (floods of invalid or unknown messages). */
  KICKED_FOR_ABUSE: 4408,
} as const;

/**
 * Matchmaking requests refused over HTTP before they reach a room: the status is the code, the body
 * `{ code, error }` with `error` starting with the name (`"BODY_TOO_LARGE: …"`).
 */
export const MATCHMAKE_ERROR = {
  MALFORMED_JSON: 400,
  TOO_DEEP: 400,
  ORIGIN_NOT_ALLOWED: 403,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
} as const;

// ---- limits -------------------------------------------------------------------------------

export { NAME_MAX_CHARS, CHAT_MAX_CHARS, MAX_MARKS_PER_BASE, cleanText, cleanName, isValidName, rendersBlank, codePoints } from "./text.js";
import { CHAT_MAX_CHARS, checkChatText as checkChatTextRule } from "./text.js";
/** Chat: at most this many accepted messages per client … */
export const CHAT_RATE_MAX_MESSAGES = 5;
/** … within this sliding window. */
export const CHAT_RATE_WINDOW_MS = 5_000;
/** Messages kept per room and sent to a joining client. */
export const CHAT_HISTORY_SIZE = 50;
/** Global chat messages kept (across processes) and sent to a joining client. */
export const GLOBAL_CHAT_HISTORY_SIZE = 100;
/** Raw strings longer than this are refused before any other work. */
const RAW_TEXT_LIMIT_CHARS = 4 * CHAT_MAX_CHARS;

// ---- join / create options ----------------------------------------------------------------

/** Options for joining the lobby room (besides Colyseus' own `filter`). */
export const LobbyJoinOptions = z.object({
  name: z.string().max(200).optional(),
  filter: z
    .object({
      name: z.string().max(40).optional(),
      metadata: z.record(z.string().max(40), z.union([z.string().max(100), z.number(), z.boolean()])).optional(),
    })
    .optional(),
});
export type LobbyJoinOptions = z.infer<typeof LobbyJoinOptions>;

export const JoinOptions = z.object({
  name: z.string().max(200).optional(),
  /** Only honoured by `create`: hides the room from listings and quick play. */
  private: z.boolean().optional(),
  /** Only with `joinById`: watch the room without taking a player seat (refused elsewhere). */
  spectate: z.boolean().optional(),
});
export type JoinOptions = z.infer<typeof JoinOptions>;

/** A game room's listing `metadata` (the lobby shows the counts; quick play joins only where `seatOpen`). */
export interface GameRoomMetadata {
  private: boolean;
  /** Players who are people (clients), dropped ones waiting to reconnect included. */
  humans: number;
  /** Server bots filling empty seats. */
  bots: number;
  /** Clients watching without a seat. */
  spectators: number;
  /** Player seats (humans and bots share them; a bot steps aside for a human). */
  maxPlayers: number;
  /** A player seat is free for a human: quick play only joins rooms where it is. */
  seatOpen: boolean;
}

// ---- chat -----------------------------------------------------------------------------------

export const ChatRequest = z.object({ text: z.string().max(RAW_TEXT_LIMIT_CHARS) });
export type ChatRequest = z.infer<typeof ChatRequest>;
export const ChatSinceRequest = z.object({ afterId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export type ChatSinceRequest = z.infer<typeof ChatSinceRequest>;
/** Reply to an accepted `chat` request. */
export interface ChatAccepted {
  id: number;
  at: number;
}
/** Broadcast to everyone in the room (sender included) for each accepted message. */
export interface ChatMessage {
  id: number;
  /** sessionId of the sender, set by the server. */
  from: string;
  /** Display name of the sender, set by the server. */
  name: string;
  text: string;
  /** Server time, epoch milliseconds. */
  at: number;
}

export interface RoundEnded {
  round: number;
  /** sessionId of the winner, or null for a round nobody scored in. */
  winner: string | null;
  winnerName: string | null;
  scores: Array<{ sessionId: string; name: string; score: number }>;
  /** The round's replay (`GET /replays/:id`, kept a moment after this message), when rounds are recorded. */
  replayId?: string;
}

// ---- emotes (hill room) ----------------------------------------------------------------------

/** The emotes a player can show; the client draws each its own way. */
export const EMOTES = ["wave", "gg", "laugh", "taunt"] as const;
export type Emote = (typeof EMOTES)[number];
/** Emotes: at most this many accepted per client … */
export const EMOTE_RATE_MAX_MESSAGES = 3;
/** … within this sliding window. */
export const EMOTE_RATE_WINDOW_MS = 3_000;
export const EmoteRequest = z.object({ emote: z.enum(EMOTES) });
export type EmoteRequest = z.infer<typeof EmoteRequest>;
/** Broadcast to the room for each accepted emote. */
export interface Emoted {
  /** sessionId of the player who emoted, set by the server. */
  from: string;
  emote: Emote;
}

/** Server → client message payloads, by message name. */
export interface ServerMessages {
  [SERVER_MESSAGE.CHAT]: ChatMessage;
  [SERVER_MESSAGE.CHAT_HISTORY]: ChatMessage[];
  [SERVER_MESSAGE.GLOBAL_CHAT]: ChatMessage;
  [SERVER_MESSAGE.GLOBAL_CHAT_HISTORY]: ChatMessage[];
  [SERVER_MESSAGE.ROUND_ENDED]: RoundEnded;
  [SERVER_MESSAGE.EMOTED]: Emoted;
  [SERVER_MESSAGE.ERROR]: ProtocolError & { type?: string };
}

/**
 * Client → server messages, by message name: the payload a client sends and what the server's
 * reply resolves `room.request()` with. Every game room answers these; the lobby room answers the
 * global chat ones (LobbyClientMessages).
 */
export interface ClientMessages {
  [CLIENT_MESSAGE.CHAT]: { request: ChatRequest; reply: ChatAccepted };
  [CLIENT_MESSAGE.GLOBAL_CHAT]: { request: ChatRequest; reply: ChatAccepted };
  [CLIENT_MESSAGE.CHAT_SINCE]: { request: ChatSinceRequest; reply: ChatMessage[] };
  [CLIENT_MESSAGE.GLOBAL_CHAT_SINCE]: { request: ChatSinceRequest; reply: ChatMessage[] };
}
/** What the lobby room answers: the global chat. */
export type LobbyClientMessages = Pick<ClientMessages, typeof CLIENT_MESSAGE.GLOBAL_CHAT | typeof CLIENT_MESSAGE.GLOBAL_CHAT_SINCE>;
/** What the hill room answers: every game room's messages and its emote (an accepted emote replies nothing). */
export interface HillClientMessages extends ClientMessages {
  [HILL_CLIENT_MESSAGE.EMOTE]: { request: EmoteRequest; reply: undefined };
}
// ---- text rules (shared/text.ts; shared so a client can check before sending) ---------------

export type TextCheck = { ok: true; text: string } | { ok: false; error: ProtocolError };

/** Cleans chat text and checks it: trimmed, visible, 1..CHAT_MAX_CHARS code points. */
export function checkChatText(raw: string): TextCheck {
  return checkChatTextRule(raw);
}

// ---- room codes -----------------------------------------------------------------------------

/** Letters and digits that cannot be confused when read aloud or typed (no 0/O, 1/I/L). */
export const ROOM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/** Every arena room's id is a code of this many characters; private rooms are joined by it. */
export const ROOM_CODE_LENGTH = 6;

/** Uppercases a typed code and drops spaces and dashes; null if it cannot be a room code. */
export function normalizeRoomCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== ROOM_CODE_LENGTH) return null;
  for (const ch of code) if (!ROOM_CODE_ALPHABET.includes(ch)) return null;
  return code;
}
