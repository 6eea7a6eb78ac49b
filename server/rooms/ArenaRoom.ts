import { CloseCode, matchMaker, Room, ServerError, type Client, type MessageContext, type Rejection, type RoomException } from "@colyseus/core";
import {
  CHAT_HISTORY_SIZE,
  CHAT_RATE_MAX_MESSAGES,
  CHAT_RATE_WINDOW_MS,
  CLIENT_MESSAGE,
  CLOSE_CODE,
  ERROR_CODE,
  SERVER_MESSAGE,
  ChatRequest,
  checkChatText,
  type ChatAccepted,
  type ProtocolError,
} from "../../shared/protocol.js";
import { ArenaState, MoveInput, Orb, Player } from "../../shared/schema/state.js";
import { MAX_PLAYERS_PER_ROOM, PATCH_INTERVAL_MS, TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { createRng } from "../../shared/sim/rng.js";
import { findFreeSpot } from "../../shared/sim/orbs.js";
import type { GameTuning } from "../config.js";
import type { Logger } from "../logger.js";
import { ChatLog } from "../game/chatLog.js";
import { InputBudget } from "../game/inputBudget.js";
import { parseJoinOptions, type JoinAuth } from "../game/joinOptions.js";
import { OrbField } from "../game/orbField.js";
import { SlidingWindowLimiter } from "../game/rateLimiter.js";
import { generateRoomCode } from "../game/roomCode.js";
import { roundResult } from "../game/scoreboard.js";
import { tickArena } from "../game/tick.js";
import { checked, refuse } from "./checked.js";

export interface ArenaDeps {
  tuning: GameTuning;
  logger: Logger;
  /** Messages per second (inputs included) after which Colyseus disconnects a client. */
  maxMessagesPerSecond: number;
}

/** Invalid or unknown messages tolerated per client in STRIKE_WINDOW_MS before a kick. */
const STRIKE_LIMIT = 20;
const STRIKE_WINDOW_MS = 10_000;

const RECONNECTABLE_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.GOING_AWAY,
  CloseCode.NO_STATUS_RECEIVED,
  CloseCode.ABNORMAL_CLOSURE,
  CloseCode.MAY_TRY_RECONNECT,
]);

export interface ArenaMetadata {
  private: boolean;
}

/** The arena: lifecycle and message table. Rules live in server/game and shared/sim. */
export class ArenaRoom extends Room<{ state: ArenaState; input: MoveInput; metadata: ArenaMetadata }> {
  /** Injected by `arenaRoom(deps)`; the room class itself never reads config or env. */
  static deps: ArenaDeps;

  override maxClients = MAX_PLAYERS_PER_ROOM;
  override patchRate = PATCH_INTERVAL_MS;
  override state = new ArenaState();
  override inputs = this.defineInput(MoveInput, { sanitize: { dx: [-1, 1], dy: [-1, 1] } });

  private readonly deps = (this.constructor as typeof ArenaRoom).deps;
  override maxMessagesPerSecond = this.deps.maxMessagesPerSecond;
  private readonly log = this.deps.logger;
  private readonly rng = createRng(this.deps.tuning.seed ?? (Math.random() * 2 ** 32) >>> 0);
  private readonly orbField = new OrbField(this.rng, (o) => new Orb(o));
  private readonly budgets = new Map<string, InputBudget>();
  private readonly chatLog = new ChatLog(CHAT_HISTORY_SIZE);
  private readonly chatLimiter = new SlidingWindowLimiter(CHAT_RATE_MAX_MESSAGES, CHAT_RATE_WINDOW_MS);
  private readonly strikes = new SlidingWindowLimiter(STRIKE_LIMIT, STRIKE_WINDOW_MS);
  private joins = 0;

  override messages = {
    [CLIENT_MESSAGE.CHAT]: checked(ChatRequest, (client, msg, ctx) => this.onChat(client, msg.text, ctx), (c, t) => this.strike(c, t), CLIENT_MESSAGE.CHAT),
    "*": (client: Client, type: string | number) => this.onUnknownMessage(client, String(type)),
  } satisfies Record<(typeof CLIENT_MESSAGE)[keyof typeof CLIENT_MESSAGE] | "*", unknown>;

  override async onCreate(options: unknown) {
    const isPrivate = typeof options === "object" && options !== null && (options as { private?: unknown }).private === true;
    this.roomId = await uniqueRoomCode();
    await this.setMetadata({ private: isPrivate });
    if (isPrivate) await this.setPrivate(true);
    this.setFixedTimestep((ctx) => {
      const event = tickArena(
        { state: this.state, orbs: this.orbField, budgets: this.budgets, inputsOf: (sid) => this.inputs.get(sid) },
        ctx.dt,
        this.clock.elapsedTime,
        this.deps.tuning,
      );
      if (event === "ended") this.broadcast(SERVER_MESSAGE.ROUND_ENDED, roundResult(this.state.round, this.state.players));
    }, TICK_RATE_HZ);
    this.log.info({ event: "room_created", roomId: this.roomId, private: isPrivate }, "room created");
  }

  override onAuth(_client: Client, options: unknown): JoinAuth {
    return parseJoinOptions(options, this.joins + 1);
  }

  override onJoin(client: Client, _options: unknown, auth: JoinAuth) {
    const n = ++this.joins;
    const spot = findFreeSpot(this.rng, this.state.players.values());
    this.state.players.set(client.sessionId, new Player({ name: auth.name, x: spot.x, y: spot.y, hue: (n * 47) % 256 }));
    this.budgets.set(client.sessionId, new InputBudget());
    client.send(SERVER_MESSAGE.CHAT_HISTORY, this.chatLog.since());
    this.log.info({ event: "join", roomId: this.roomId, sessionId: client.sessionId, name: auth.name }, "player joined");
  }

  override onDrop(client: Client, code?: number) {
    const player = this.state.players.get(client.sessionId);
    // Only a network-style drop (the codes on which the SDK reconnects) holds the seat;
    // a kick or a protocol violation (e.g. 1009 message too big) removes the player.
    if (!player || this.deps.tuning.reconnectGraceS <= 0 || !RECONNECTABLE_CLOSE_CODES.has(code ?? 0)) return;
    player.connected = false;
    this.log.info({ event: "drop", roomId: this.roomId, sessionId: client.sessionId, code }, "player dropped");
    // Not awaited: Colyseus closes the socket only after onDrop returns.
    this.allowReconnection(client, this.deps.tuning.reconnectGraceS);
  }

  override onReconnect(client: Client) {
    const player = this.state.players.get(client.sessionId);
    if (player) player.connected = true;
    this.log.info({ event: "reconnect", roomId: this.roomId, sessionId: client.sessionId }, "player reconnected");
  }

  override onLeave(client: Client, code?: number) {
    this.state.players.delete(client.sessionId);
    this.budgets.delete(client.sessionId);
    this.chatLimiter.forget(client.sessionId);
    this.strikes.forget(client.sessionId);
    this.log.info({ event: "leave", roomId: this.roomId, sessionId: client.sessionId, code }, "player left");
  }

  override onDispose() {
    this.log.info({ event: "room_disposed", roomId: this.roomId }, "room disposed");
  }

  override onUncaughtException(error: RoomException, method: string) {
    if (error.cause instanceof ServerError) return; // a deliberate join refusal, already answered
    this.log.error({ event: "room_exception", roomId: this.roomId, method, err: error.cause ?? error }, "uncaught exception in room");
  }

  private onChat(client: Client, raw: string, ctx: MessageContext): ChatAccepted | Rejection<ProtocolError> | undefined {
    const check = checkChatText(raw);
    if (!check.ok) return refuse(client, ctx, check.error, CLIENT_MESSAGE.CHAT);
    if (!this.chatLimiter.tryTake(client.sessionId, Date.now())) {
      const message = `At most ${CHAT_RATE_MAX_MESSAGES} messages per ${CHAT_RATE_WINDOW_MS / 1000} s.`;
      return refuse(client, ctx, { code: ERROR_CODE.RATE_LIMITED, message }, CLIENT_MESSAGE.CHAT);
    }
    const name = this.state.players.get(client.sessionId)?.name ?? "?";
    const entry = this.chatLog.append({ from: client.sessionId, name, text: check.text, at: Date.now() });
    this.broadcast(SERVER_MESSAGE.CHAT, entry);
    return { id: entry.id, at: entry.at };
  }

  private onUnknownMessage(client: Client, type: string) {
    client.send(SERVER_MESSAGE.ERROR, { code: ERROR_CODE.UNKNOWN_MESSAGE, message: `Unknown message type "${type.slice(0, 40)}".`, type: type.slice(0, 40) });
    this.strike(client, type);
  }

  /** Counts a bad message; a client past the limit is disconnected with a documented code. */
  private strike(client: Client, type: string) {
    this.log.warn({ event: "rejected_message", roomId: this.roomId, sessionId: client.sessionId, type: type.slice(0, 40) }, "rejected message");
    if (this.strikes.tryTake(client.sessionId, Date.now())) return;
    this.log.warn({ event: "kick", roomId: this.roomId, sessionId: client.sessionId, reason: "abuse" }, "client kicked");
    client.leave(CLOSE_CODE.KICKED_FOR_ABUSE, "Too many invalid messages.");
  }
}

/** A room code not used by any live room (codes are random; a clash is rare but checked). */
async function uniqueRoomCode(): Promise<string> {
  for (;;) {
    const code = generateRoomCode();
    if ((await matchMaker.query({ roomId: code })).length === 0) return code;
  }
}

/** The arena room class bound to its dependencies. */
export function arenaRoom(deps: ArenaDeps): typeof ArenaRoom {
  return class extends ArenaRoom {
    static override deps = deps;
  };
}
