/**
 * A headless player on @colyseus/sdk: joins, steers, chats with acknowledgements, waits for
 * state, drops and reconnects. Used by the tests, the bot CLI, the soak run and the benchmark.
 */
import { CloseCode, Client, type InputHandle, type Room } from "@colyseus/sdk";
import { chatSince, lastChatId } from "../game-client/net/chatSince.js";
import { joinRoom, selfIn, waitForSelf, waitForState, type JoinMode } from "../game-client/net/join.js";
import { protocolRoom, type ProtocolRoom } from "../game-client/net/protocolRoom.js";
import { closedForRestart, rejoinAfterRestart, rejoinEndpoints, type RejoinFailed, type RejoinPolicy } from "../game-client/net/rejoin.js";
import {
  CLIENT_MESSAGE,
  ROOM,
  SERVER_MESSAGE,
  type ChatAccepted,
  type ChatMessage,
  type JoinOptions,
  type ProtocolError,
  type RoundEnded,
  type ServerMessages,
} from "../shared/protocol.js";
import { ArenaState, MoveInput, type Player } from "../shared/schema/state.js";
import type { DashIntent } from "../shared/sim/dash.js";
import { TICK_RATE_HZ } from "../shared/sim/constants.js";
import { orbSteering, randomWalk, type Steering } from "./steering.js";

export type { JoinMode };

/** A refused chat: the server's `{ code, message }`. */
export class ChatRefused extends Error {
  constructor(readonly error: ProtocolError) {
    super(`${error.code}: ${error.message}`);
    this.name = "ChatRefused";
  }
}

export interface BotOptions extends JoinOptions {
  /** Allow the SDK's automatic reconnection right after joining (it normally waits 5 s). */
  reconnectImmediately?: boolean;
  /**
   * When the server closes the room because its process stops (4001, a deploy), join another room by itself
   * (game-client/net/rejoin.ts): the same room code again if it had joined by code and that room still answers,
   * else quick play, under the same name. Off unless asked (tests that stop a server expect the bot to stay out).
   */
  rejoinOnRestart?: boolean;
  /** Matchmaking addresses a rejoin tries in turn, starting after the one last used (default: the join's url). */
  endpoints?: string[];
  /** Overrides the rejoin's retries and backoff (default REJOIN_POLICY). */
  rejoinPolicy?: RejoinPolicy;
}

/** One move to a new room after a restart close (4001). */
export interface BotRejoin {
  fromRoomId: string;
  toRoomId: string;
  /** How it got in: by the old room's code, or quick play. */
  how: "code" | "quick";
  /** When the old room closed and when the bot was in the new room's state (performance.now()). */
  closedAt: number;
  inGameAt: number;
  attempts: number;
  /** The matchmaking address that answered. */
  endpoint: string;
}

interface RejoinSetup {
  endpoints: string[];
  joinOptions: JoinOptions;
  /** The room was joined by its code: try that code first. */
  byCode: boolean;
  policy: RejoinPolicy | undefined;
}

/** What a bot needs of a game room's state: its players (the arena's Player). */
export interface PlayersState {
  players: { get(sessionId: string): Player | undefined };
}

export class Bot<S extends PlayersState = ArenaState> {
  readonly chats: ChatMessage[] = [];
  readonly history: ChatMessage[] = [];
  readonly globalChats: ChatMessage[] = [];
  readonly globalHistory: ChatMessage[] = [];
  readonly errors: Array<ServerMessages["error"]> = [];
  readonly rounds: RoundEnded[] = [];
  /** Counters for the CLI's status line. */
  readonly stats = { inputsSent: 0, chatsAcked: 0, chatsRefused: 0, drops: 0, reconnects: 0, caughtUp: 0, rejoins: 0, rejoinFailures: 0 };
  /** Every move to a new room after a restart close, oldest first. */
  readonly rejoins: BotRejoin[] = [];
  private currentRoom!: Room<unknown, S>;
  private input!: InputHandle<MoveInput>;
  private wire!: ProtocolRoom;
  private driver: ReturnType<typeof setInterval> | undefined;
  /** What `drive` was last asked for, so a rejoined bot goes on playing. */
  private steering: { steer: Steering<S>; rateHz: number } | undefined;
  private readonly rejoinListeners = new Set<(move: BotRejoin) => void>();
  private readonly rejoinFailedListeners = new Set<(err: RejoinFailed) => void>();
  private rejoinSetup: RejoinSetup | undefined;
  private leaving = false;
  /** True from a restart close until the bot is in a new room (or gave up). */
  rejoining = false;
  /** The last close code; undefined while in a room. During a rejoin it is 4001 until the new room is joined. */
  left: number | undefined;

  private constructor(room: Room<unknown, S>) {
    this.attachRoom(room);
    this.currentRoom = room;
  }

  /** The room the bot is in now (a new one after a rejoin). */
  get room(): Room<unknown, S> {
    return this.currentRoom;
  }

  /** Listens to `room` (at once after its join, so no early message is missed); it becomes `room` when set as currentRoom. */
  private attachRoom(room: Room<unknown, S>): void {
    this.input = room.input<MoveInput>({ type: MoveInput, mode: "reliable" });
    this.wire = protocolRoom(room);
    this.wire.onMessage(SERVER_MESSAGE.CHAT, (m) => this.chats.push(m));
    this.wire.onMessage(SERVER_MESSAGE.CHAT_HISTORY, (list) => this.history.push(...list));
    this.wire.onMessage(SERVER_MESSAGE.GLOBAL_CHAT, (m) => this.globalChats.push(m));
    this.wire.onMessage(SERVER_MESSAGE.GLOBAL_CHAT_HISTORY, (list) => this.globalHistory.push(...list));
    this.wire.onMessage(SERVER_MESSAGE.ERROR, (e) => this.errors.push(e));
    this.wire.onMessage(SERVER_MESSAGE.ROUND_ENDED, (r) => this.rounds.push(r));
    room.onDrop(() => this.stats.drops++);
    room.onReconnect(() => {
      this.stats.reconnects++;
      void this.catchUp();
    });
    room.onLeave((code) => {
      if (room !== this.currentRoom) return;
      const closedAt = performance.now();
      this.left = code;
      this.halt();
      if (this.rejoinSetup && !this.leaving && closedForRestart(code)) void this.rejoin(room.roomId, room.connection.url, closedAt);
    });
  }

  /** Calls `listener` each time the bot has moved to a new room after a restart close; returns the unsubscribe function. */
  onRejoin(listener: (move: BotRejoin) => void): () => void {
    this.rejoinListeners.add(listener);
    return () => this.rejoinListeners.delete(listener);
  }

  /** Calls `listener` when a rejoin gave up (attempts exhausted); returns the unsubscribe function. */
  onRejoinFailed(listener: (err: RejoinFailed) => void): () => void {
    this.rejoinFailedListeners.add(listener);
    return () => this.rejoinFailedListeners.delete(listener);
  }

  private async rejoin(fromRoomId: string, closedUrl: string | undefined, closedAt: number): Promise<void> {
    const setup = this.rejoinSetup!;
    this.rejoining = true;
    // The closed room's own process is stopping: the other addresses first.
    const order = rejoinEndpoints(setup.endpoints, closedUrl);
    let endpoint = order[0]!;
    try {
      const moved = await rejoinAfterRestart(
        { roomId: fromRoomId, byCode: setup.byCode },
        async (mode, retry) => {
          endpoint = order[retry % order.length]!;
          const room = (await joinRoom(new Client(endpoint), ROOM.ARENA, mode, setup.joinOptions, ArenaState)) as unknown as Room<unknown, S>;
          this.attachRoom(room);
          try {
            await waitForSelf(room, 5000);
          } catch (err) {
            await room.leave(true).catch(() => undefined);
            throw err;
          }
          return room;
        },
        setup.policy,
      );
      const room = moved.result;
      if (this.leaving) {
        await room.leave(true).catch(() => undefined);
        return;
      }
      this.currentRoom = room;
      this.left = undefined;
      this.stats.rejoins++;
      const move: BotRejoin = {
        fromRoomId,
        toRoomId: room.roomId,
        how: moved.mode.kind === "id" ? "code" : "quick",
        closedAt,
        inGameAt: performance.now(),
        attempts: moved.attempts,
        endpoint,
      };
      this.rejoins.push(move);
      if (this.steering) this.startDriving(this.steering.steer, this.steering.rateHz);
      for (const listener of this.rejoinListeners) listener(move);
    } catch (err) {
      this.stats.rejoinFailures++;
      for (const listener of this.rejoinFailedListeners) listener(err as RejoinFailed);
    } finally {
      this.rejoining = false;
    }
  }

  /** Joins an arena room (quick play, create or by id) and resolves once the bot sees itself in the state. */
  static async join(url: string, mode: JoinMode = { kind: "quick" }, options: BotOptions = {}, timeoutMs = 5000): Promise<Bot> {
    const { reconnectImmediately, ...joinOptions } = options;
    const { rejoinOnRestart, endpoints, rejoinPolicy, ...roomOptions } = joinOptions;
    const room = await joinRoom(new Client(url), ROOM.ARENA, mode, roomOptions, ArenaState);
    if (reconnectImmediately) room.reconnection.minUptime = 0;
    const bot = new Bot(room);
    if (rejoinOnRestart) {
      const list = endpoints && endpoints.length > 0 ? endpoints : [url];
      bot.rejoinSetup = { endpoints: list, joinOptions: roomOptions, byCode: mode.kind === "id", policy: rejoinPolicy };
    }
    await waitForSelf(room, timeoutMs);
    return bot;
  }

  /**
   * Watches an arena room by its id (code) as a spectator (`spectate: true`): no seat, not in
   * `players`; state, chat and errors as a player gets them. Resolves once the state arrived.
   */
  static async watch(url: string, roomId: string, options: JoinOptions = {}, timeoutMs = 5000): Promise<Bot> {
    const room = await joinRoom(new Client(url), ROOM.ARENA, { kind: "id", roomId }, { ...options, spectate: true }, ArenaState);
    const bot = new Bot(room);
    await waitForState(room, () => room.state?.players !== undefined, timeoutMs, "first state");
    return bot;
  }

  /**
   * A bot over a room joined elsewhere: another game's room whose state has the arena's
   * `players` (chat, errors, inputs, `waitFor`, `me` work the same; `state` is that game's). See HillBot.
   */
  static attach<S extends PlayersState>(room: Room<unknown, S>): Bot<S> {
    return new Bot(room);
  }

  get sessionId(): string {
    return this.room.sessionId;
  }
  get roomId(): string {
    return this.room.roomId;
  }
  get state(): S {
    return this.room.state;
  }
  get me(): Player | undefined {
    return selfIn(this.room);
  }

  /** Inputs sent that the server has not applied yet (from the input channel's acks). */
  get pendingInputs(): number {
    return this.input.pendingCount;
  }

  /** Resolves when `predicate` holds, checked on every state patch; rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs = 5000, label = "condition"): Promise<void> {
    return waitForState(this.room, predicate, timeoutMs, label);
  }

  /** Sends one input frame (one simulation step's worth of movement; `dash: 1` asks for a dash with it). */
  sendInput(intent: DashIntent): void {
    this.input.data.dx = intent.dx;
    this.input.data.dy = intent.dy;
    this.input.data.dash = intent.dash === 1 ? 1 : 0;
    this.input.send();
    this.stats.inputsSent++;
  }

  /** Sends one input per tick, chosen by `steering` (a fixed intent, "orbs", "random" or a function). */
  drive(steering: Steering<S> | DashIntent | "orbs" | "random", rateHz = TICK_RATE_HZ): void {
    const steer: Steering<S> =
      steering === "orbs" ? orbSteering : steering === "random" ? randomWalk() : typeof steering === "function" ? steering : () => steering;
    this.steering = { steer, rateHz };
    this.startDriving(steer, rateHz);
  }

  private startDriving(steer: Steering<S>, rateHz: number): void {
    this.halt();
    this.driver = setInterval(() => {
      const me = this.me;
      if (!me || this.room.reconnection.isReconnecting) return;
      this.sendInput(steer(me, this.state));
    }, 1000 / rateHz);
  }

  /** Stops sending inputs (also in a room joined later by a rejoin). */
  stop(): void {
    this.steering = undefined;
    this.halt();
  }

  private halt(): void {
    if (this.driver) clearInterval(this.driver);
    this.driver = undefined;
  }

  /** Sends a room chat message and resolves with the server's acknowledgement; rejects with ChatRefused. */
  chat(text: unknown): Promise<ChatAccepted> {
    return this.chatRequest(CLIENT_MESSAGE.CHAT, text);
  }

  /** Sends a global chat message (every room, every process); same acknowledgement rules. */
  globalChat(text: unknown): Promise<ChatAccepted> {
    return this.chatRequest(CLIENT_MESSAGE.GLOBAL_CHAT, text);
  }

  /** `text` of any type, so tests can check how the server answers a malformed payload. */
  private async chatRequest(type: typeof CLIENT_MESSAGE.CHAT | typeof CLIENT_MESSAGE.GLOBAL_CHAT, text: unknown): Promise<ChatAccepted> {
    try {
      const ack = await this.wire.requestUnchecked(type, { text });
      this.stats.chatsAcked++;
      return ack;
    } catch (err) {
      this.stats.chatsRefused++;
      const reason = (err as { reason?: ProtocolError }).reason;
      throw reason && typeof reason.code === "string" ? new ChatRefused(reason) : err;
    }
  }

  /** Fetches the chat messages sent while this bot was away (after a reconnection). */
  async catchUp(): Promise<void> {
    const [room, global] = await Promise.all([
      chatSince(this.room, CLIENT_MESSAGE.CHAT_SINCE, lastChatId(this.chats, this.history)),
      chatSince(this.room, CLIENT_MESSAGE.GLOBAL_CHAT_SINCE, lastChatId(this.globalChats, this.globalHistory)),
    ]);
    mergeById(this.chats, room);
    mergeById(this.globalChats, global);
    this.stats.caughtUp++;
  }

  /** Cuts the connection without leaving (as a network failure would); the SDK reconnects. */
  dropConnection(): void {
    this.room.connection.close(CloseCode.MAY_TRY_RECONNECT);
  }

  /** Resolves on the SDK's next successful automatic reconnection. */
  nextReconnect(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no reconnection within " + timeoutMs + " ms")), timeoutMs);
      this.room.onReconnect.once(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async leave(): Promise<void> {
    this.leaving = true;
    this.stop();
    if (this.left === undefined) await this.room.leave(true);
  }
}

function mergeById(into: ChatMessage[], more: ChatMessage[]): void {
  const seen = new Set(into.map((m) => m.id));
  for (const m of more) if (!seen.has(m.id)) into.push(m);
  into.sort((a, b) => a.id - b.id);
}

