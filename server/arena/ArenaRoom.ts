import { CloseCode, matchMaker, Room, ServerError, type AuthContext, type Client, type RoomException } from "@colyseus/core";
import { CHAT_HISTORY_SIZE, CLIENT_MESSAGE, SERVER_MESSAGE, type JoinOptions } from "../../shared/protocol.js";
import { ArenaState, type MoveInput, Orb, Player } from "../../shared/schema/state.js";
import { MAX_PLAYERS_PER_ROOM, PATCH_INTERVAL_MS, PLAYER_RADIUS_UNITS, TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { findFreeSpot } from "../../shared/sim/orbs.js";
import { createRng } from "../../shared/sim/rng.js";
import { ChatLog } from "../platform/chat/chatLog.js";
import { ChatPolicy } from "../platform/chat/chatPolicy.js";
import { InputBudget } from "./rules/inputBudget.js";
import { parseJoinOptions, type ArenaAuth } from "./rules/joinOptions.js";
import { addressOf } from "../platform/chat/chatPolicy.js";
import { nameSkeleton, uniqueName } from "../../shared/names.js";
import { OrbField } from "./rules/orbField.js";
import { generateRoomCode } from "./rules/roomCode.js";
import { roundResult } from "./rules/scoreboard.js";
import { tickArena, type TickWorld } from "./rules/tick.js";
import { globalChatHandler, globalChatSinceHandler, roomChatHandler, roomChatSinceHandler, type ChatContext } from "../platform/chat/chatHandlers.js";
import type { RoomDeps } from "../platform/deps.js";
import { BufferedMoveInput } from "./bufferedInput.js";
import { MessageGuard } from "../platform/wire/MessageGuard.js";
import { useMoveInputDecoder } from "./moveInputDecoder.js";
import { refuseUnreliableInput } from "../platform/colyseus/frameGuard.js";
import { dropSlowClients } from "../platform/health/slowClients.js";
import { countPatchBytes } from "../platform/colyseus/patchBytes.js";
import { patchAfterSteps } from "../platform/loop/patchAfterStep.js";
import { steadyTimestep, type SteadyInterval } from "../platform/loop/steadyTimestep.js";

/** Close codes on which the SDK reconnects: only these hold a dropped player's seat. */
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
  /** Injected by `arenaRoom(deps)`. */
  static deps: RoomDeps;

  override maxClients = MAX_PLAYERS_PER_ROOM;
  // Colyseus' patch timer runs only until onCreate sends patches after the steps instead (patchAfterStep.ts).
  override patchRate = PATCH_INTERVAL_MS;
  // How long a reserved seat waits for its client (SEAT_RESERVATION_SECONDS; docs/reliability.md "Rooms and seats").
  override seatReservationTimeout = (this.constructor as typeof ArenaRoom).deps.seatReservationSeconds;
  override state = new ArenaState();
  // No `sanitize` option: the shared step maps any axis value to -1, 0 or 1 (toAxis), and
  // Colyseus' sanitizer re-set both schema fields of every input frame (≈2 % of server CPU under
  // load in `npm run bench -- --profile`).
  override inputs = this.defineInput(BufferedMoveInput);

  private readonly deps = (this.constructor as typeof ArenaRoom).deps;
  override maxMessagesPerSecond = this.deps.maxMessagesPerSecond;
  private readonly log = this.deps.logger;
  private readonly rng = createRng(this.deps.tuning.seed ?? (Math.random() * 2 ** 32) >>> 0);
  private readonly orbField = new OrbField(this.rng, (o) => new Orb(o));
  private readonly budgets = new Map<string, InputBudget>();
  /** What each step works on, built once rather than on every step. */
  private readonly world: TickWorld = { state: this.state, orbs: this.orbField, budgets: this.budgets, inputsOf: (sid) => this.inputs.get(sid) };
  private readonly chatLog = new ChatLog(CHAT_HISTORY_SIZE);
  private readonly chatPolicy = new ChatPolicy(this.deps.limits);
  private readonly guard = new MessageGuard(this.log, this.deps.metrics, this.deps.limits, () => this.roomId);
  private readonly chatContext: ChatContext = {
    metrics: this.deps.metrics,
    nameOf: (client) => this.state.players.get(client.sessionId)?.name ?? "?",
    senderOf: (client) => ({ session: client.sessionId, address: (client.auth as ArenaAuth | undefined)?.address ?? addressOf(undefined) }),
    strike: (client, type) => this.guard.strike(client, type),
  };
  private stopGlobalChat: (() => void) | undefined;
  private afterStep: () => void = () => undefined;
  private steadyTimestep: SteadyInterval | undefined;
  private awake = false;
  private joins = 0;

  override messages = {
    [CLIENT_MESSAGE.CHAT]: roomChatHandler(this.chatContext, this.chatPolicy, this.chatLog, (m) => this.broadcast(SERVER_MESSAGE.CHAT, m)),
    [CLIENT_MESSAGE.GLOBAL_CHAT]: globalChatHandler(this.chatContext, this.deps.globalChat),
    [CLIENT_MESSAGE.CHAT_SINCE]: roomChatSinceHandler(this.chatContext, this.chatLog, this.deps.globalChat.replies),
    [CLIENT_MESSAGE.GLOBAL_CHAT_SINCE]: globalChatSinceHandler(this.chatContext, this.deps.globalChat),
    "*": (client: Client, type: string | number) => this.guard.unknown(client, type),
  } satisfies Record<(typeof CLIENT_MESSAGE)[keyof typeof CLIENT_MESSAGE] | "*", unknown>;

  override async onCreate(options: unknown) {
    this.deps.roomCap.admit(this); // before any await: the process room cap (MAX_ROOMS_PER_PROCESS)
    const isPrivate = parseJoinOptions(options).private;
    this.roomId = await uniqueRoomCode();
    await this.setMetadata({ private: isPrivate });
    if (isPrivate) await this.setPrivate(true);
    // Not listed until a client has joined (see wake()).
    await this.setMatchmaking({ unlisted: true });
    countPatchBytes(this, this.deps.metrics);
    if (!useMoveInputDecoder(this)) this.log.warn({ event: "generic_input_decoder" }, "Colyseus input internals not found; using the generic input decoder");
    refuseUnreliableInput(this, (client) => {
      this.deps.metrics.rejected.inc({ reason: "UNRELIABLE_INPUT" });
      this.log.warn({ event: "kick", roomId: this.roomId, sessionId: client.sessionId, reason: "unreliable input frame" }, "client kicked");
    });
    dropSlowClients(this, this.deps.limits.maxBufferedBytes, (client, bufferedBytes) => {
      this.deps.metrics.rejected.inc({ reason: "SLOW_CONSUMER" });
      this.log.warn({ event: "slow_client_dropped", roomId: this.roomId, sessionId: client.sessionId, bufferedBytes }, "slow client dropped");
    });
    this.stopGlobalChat = this.deps.globalChat.listen((m) => this.broadcast(SERVER_MESSAGE.GLOBAL_CHAT, m));
    // Colyseus' fixed timestep (it also sets the tick rate its input API reports), then its interval
    // replaced by a timer on a schedule of its own (steadyTimestep.ts says why).
    this.setFixedTimestep((ctx) => this.step(ctx.dt), TICK_RATE_HZ);
    // Idle (no steps, no patches) until the first client joins: see wake().
    this.steadyTimestep = steadyTimestep(this as never, TICK_RATE_HZ, () => this.guardedStep(1 / TICK_RATE_HZ), true);
    if (!this.steadyTimestep) this.log.warn({ event: "interval_timestep" }, "Colyseus timestep internals not found; steps run on its interval");
    this.afterStep = patchAfterSteps(this, TICK_RATE_HZ, PATCH_INTERVAL_MS, (err) => this.logException("broadcastPatch", err));
    this.log.info({ event: "room_created", roomId: this.roomId, private: isPrivate }, "room created");
  }

  /** Join options are checked at matchmaking time, before a seat is reserved or a room created. */
  static override async onAuth(_token: string, options: unknown, context?: AuthContext): Promise<ArenaAuth> {
    return { ...parseJoinOptions(options), address: addressOf(context?.ip) };
  }

  override async onJoin(client: Client, _options?: JoinOptions) {
    this.wake();
    const n = ++this.joins;
    // No two players of a room look alike: a taken (or look-alike) name gets a number ("Ann 2").
    const taken = new Set([...this.state.players.values()].map((p) => nameSkeleton(p.name)));
    const name = uniqueName((client.auth as ArenaAuth | undefined)?.name ?? `Player ${n}`, taken);
    // Players spawn clear of the walls, other players and orbs.
    const spot = findFreeSpot(this.rng, [...this.state.players.values(), ...this.state.orbs.values()], PLAYER_RADIUS_UNITS);
    this.state.players.set(client.sessionId, new Player({ name, x: spot.x, y: spot.y, hue: (n * 47) % 256 }));
    this.budgets.set(client.sessionId, new InputBudget());
    client.send(SERVER_MESSAGE.CHAT_HISTORY, this.chatLog.since());
    this.deps.metrics.joins.inc();
    this.log.info({ event: "join", roomId: this.roomId, sessionId: client.sessionId, name }, "player joined");
    client.send(SERVER_MESSAGE.GLOBAL_CHAT_HISTORY, this.deps.globalChat.history());
  }

  override onDrop(client: Client, code?: number) {
    const player = this.state.players.get(client.sessionId);
    // A kick or a protocol violation (e.g. 1009 message too big) removes the player at once.
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
    this.chatPolicy.forget(client.sessionId);
    this.deps.globalChat.policy.forget(client.sessionId);
    this.deps.globalChat.replies.forget(client.sessionId);
    this.guard.forget(client.sessionId);
    this.deps.metrics.leaves.inc();
    this.log.info({ event: "leave", roomId: this.roomId, sessionId: client.sessionId, code }, "player left");
  }

  override onDispose() {
    this.steadyTimestep?.stop();
    this.deps.roomCap.release(this);
    this.stopGlobalChat?.();
    this.log.info({ event: "room_disposed", roomId: this.roomId }, "room disposed");
  }

  override onUncaughtException(error: RoomException, method: string) {
    if (error.cause instanceof ServerError) return; // a deliberate join refusal, already answered
    this.logException(method, error.cause ?? error);
  }

  private logException(method: string, err: unknown) {
    this.log.error({ event: "room_exception", roomId: this.roomId, method, err }, "uncaught exception in room");
  }

  /** The first join starts the steps and lists the room (a room created and never joined costs neither). */
  private wake() {
    if (this.awake) return;
    this.awake = true;
    this.steadyTimestep?.start();
    this.setMatchmaking({ unlisted: false }).catch((err: unknown) => this.logException("setMatchmaking", err));
  }

  /** A step that throws is reported (as Colyseus reports one from its own timestep) and the room goes on. */
  private guardedStep(dtSeconds: number) {
    try {
      this.step(dtSeconds);
    } catch (err) {
      this.logException("setFixedTimestep", err);
    }
  }

  private step(dtSeconds: number) {
    const started = performance.now();
    const { event, inputsApplied } = tickArena(this.world, dtSeconds, this.clock.elapsedTime, this.deps.tuning);
    if (event === "ended") this.broadcast(SERVER_MESSAGE.ROUND_ENDED, roundResult(this.state.round, this.state.players));
    if (inputsApplied > 0) this.deps.metrics.inputsApplied.inc(inputsApplied);
    this.deps.metrics.tick.observe((performance.now() - started) / 1000);
    this.afterStep();
  }
}

/** A room code not used by any live room (codes are random; a clash is rare but checked). */
async function uniqueRoomCode(): Promise<string> {
  for (;;) {
    const code = generateRoomCode();
    if (!(await matchMaker.driver.has(code))) return code;
  }
}

/** The arena room class bound to its dependencies. */
export function arenaRoom(deps: RoomDeps): typeof ArenaRoom {
  return class extends ArenaRoom {
    static override deps = deps;
  };
}
