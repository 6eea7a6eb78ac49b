import { definePlugins, matchMaker, Room, ServerError, type AuthContext, type Client, type RoomException } from "@colyseus/core";
import {
  CHAT_HISTORY_SIZE,
  CLIENT_MESSAGE,
  EMOTE_RATE_MAX_MESSAGES,
  EMOTE_RATE_WINDOW_MS,
  EmoteRequest,
  HILL_CLIENT_MESSAGE,
  SERVER_MESSAGE,
  type Emoted,
  type JoinOptions,
} from "../../shared/protocol.js";
import { HillState } from "../../shared/schema/hill.js";
import type { MoveInput, Player } from "../../shared/schema/state.js";
import { PATCH_INTERVAL_MS, TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { HILL_MAX_PLAYERS, moveHill } from "../../shared/sim/hill.js";
import { createRng } from "../../shared/sim/rng.js";
import { BufferedMoveInput } from "../arena/bufferedInput.js";
import { plainMoveInputDecoder } from "../arena/moveInputDecoder.js";
import { InputBudget } from "../arena/rules/inputBudget.js";
import { parseJoinOptions, type ArenaAuth } from "../arena/rules/joinOptions.js";
import { uniqueRoomCode } from "../arena/rules/roomCode.js";
import { roundResult } from "../arena/rules/scoreboard.js";
import { addressOf } from "../platform/chat/chatPolicy.js";
import type { RoomDeps } from "../platform/deps.js";
import { towardHill } from "../../shared/steering.js";
import { ClientHealth, FixedStepLoop, GlobalChatRelay, limited, MatchmakingGuards, messageTable, RateLimitedMessages, RoomChat, RoundReplays, SeatFillingBots, Spectators, WireGuards } from "../platform/plugins/index.js";
import { hillHash, hillJoinRecord, hillReplay, hillSnapshot } from "../../shared/replay/hill.js";
import { mayReconnect } from "../platform/reconnect.js";
import { spawnContender } from "./rules/spawn.js";
import { tickHill, type HillWorld } from "../../shared/sim/hillTick.js";

export interface HillMetadata {
  private: boolean;
}

/**
 * King of the Hill: lifecycle, plugins and message table. The rules are shared/sim/hill.ts (pure,
 * unit-tested) and ./rules; everything else (loop, wire guards, chat, limits, room cap, metrics)
 * is the platform's plugins. docs/making-a-game.md walks through this file.
 */
export class HillRoom extends Room<{ state: HillState; input: MoveInput; metadata: HillMetadata }> {
  /** Injected by `bindRoom(HillRoom, deps)`. */
  static deps: RoomDeps;
  private readonly deps = (this.constructor as typeof HillRoom).deps;

  override maxClients = HILL_MAX_PLAYERS;
  override state = new HillState();
  override inputs = this.defineInput(BufferedMoveInput);
  private readonly rng = createRng(this.deps.tuning.seed ?? (Math.random() * 2 ** 32) >>> 0);
  private readonly budgets = new Map<string, InputBudget>();
  private readonly spectators = new Spectators({ ...this.deps, state: this.state, maxPlayers: HILL_MAX_PLAYERS, maxSpectators: this.deps.tuning.maxSpectators });
  private readonly world: HillWorld = { state: this.state, rng: this.rng, budgets: this.budgets, inputsOf: (sid) => this.replays.tap(sid, this.bots.inputsOf(sid) ?? this.inputs.get(sid)) };
  private readonly replays: RoundReplays<Player> = new RoundReplays<Player>({
    game: hillReplay,
    state: this.state,
    snapshot: (slotOf) => hillSnapshot(this.state, slotOf, this.rng.state()),
    joinRecord: hillJoinRecord,
    hash: () => hillHash(this.state, this.rng.state()),
    rng: () => this.rng.state(),
    store: this.deps.replays,
    logger: this.deps.logger,
    metrics: this.deps.metrics,
  });
  private readonly bots: SeatFillingBots<Player> = new SeatFillingBots<Player>({
    ...this.deps,
    fill: this.deps.tuning.botFill,
    players: this.state.players,
    spawn: (n) => Object.assign(spawnContender(this.state, this.rng, ++this.joins, `Bot ${n}`), { bot: true }),
    seat: (sid, player) => {
      this.state.players.set(sid, player);
      this.budgets.set(sid, new InputBudget());
    },
    unseat: (sid) => this.unseat(sid),
    steer: (me) => towardHill(me, this.state.hill),
    changed: () => this.spectators.publish(),
  });
  private readonly nameOf = (client: Client) => this.state.players.get(client.sessionId)?.name ?? this.spectators.nameOf(client);
  private joins = 0;

  override plugins = definePlugins([
    new MatchmakingGuards(this.deps), // first: the room cap admits before anything is awaited
    new FixedStepLoop({ ...this.deps, hz: TICK_RATE_HZ, patchIntervalMs: PATCH_INTERVAL_MS, step: (dt) => this.step(dt) }),
    new WireGuards({ ...this.deps, refuseUnreliableInput: true, inputDecoder: plainMoveInputDecoder }),
    new ClientHealth({ ...this.deps, countPatchBytes: true }),
    new RoomChat({ ...this.deps, historySize: CHAT_HISTORY_SIZE, replies: this.deps.globalChat.replies, nameOf: this.nameOf }),
    new GlobalChatRelay({ ...this.deps, nameOf: this.nameOf }),
    this.spectators,
    this.bots,
    this.replays,
    new RateLimitedMessages({
      metrics: this.deps.metrics,
      messages: {
        [HILL_CLIENT_MESSAGE.EMOTE]: limited(EmoteRequest, { max: EMOTE_RATE_MAX_MESSAGES, windowMs: EMOTE_RATE_WINDOW_MS }, (client, { emote }) => {
          this.broadcast(SERVER_MESSAGE.EMOTED, { from: client.sessionId, emote } satisfies Emoted);
        }),
      },
    }),
  ]);
  // Every message of both tables has a handler (here or in a plugin), or this line does not compile.
  override messages = messageTable({ ...CLIENT_MESSAGE, ...HILL_CLIENT_MESSAGE }, this.plugins, {});

  override async onCreate(options: unknown) {
    const isPrivate = parseJoinOptions(options).private;
    this.roomId = await uniqueRoomCode((code) => matchMaker.driver.has(code));
    await this.setMetadata({ private: isPrivate });
    if (isPrivate) await this.setPrivate(true);
    moveHill(this.state.hill, this.rng, this.clock.elapsedTime); // on show before the first round
    this.deps.logger.info({ event: "room_created", roomId: this.roomId, private: isPrivate, mode: "hill" }, "room created");
  }

  /** Join options (name, private) are the arena's, checked at matchmaking time. */
  static override async onAuth(_token: string, options: unknown, context?: AuthContext): Promise<ArenaAuth> {
    return { ...parseJoinOptions(options), address: addressOf(context?.ip) };
  }

  override onJoin(client: Client, _options?: JoinOptions) {
    if (this.spectators.watching(client)) return; // watches without a seat
    const player = spawnContender(this.state, this.rng, ++this.joins, (client.auth as ArenaAuth | undefined)?.name);
    this.state.players.set(client.sessionId, player);
    this.budgets.set(client.sessionId, new InputBudget());
    this.deps.metrics.joins.inc();
    this.deps.logger.info({ event: "join", roomId: this.roomId, sessionId: client.sessionId, name: player.name }, "player joined");
  }

  override onDrop(client: Client, code?: number) {
    const player = this.state.players.get(client.sessionId);
    if (!player || this.deps.tuning.reconnectGraceS <= 0 || !mayReconnect(code)) return; // removed at once (onLeave)
    player.connected = false;
    this.allowReconnection(client, this.deps.tuning.reconnectGraceS); // not awaited: Colyseus closes the socket after onDrop
  }

  override onReconnect(client: Client) {
    const player = this.state.players.get(client.sessionId);
    if (player) player.connected = true;
  }

  override onLeave(client: Client, code?: number) {
    if (this.spectators.watching(client)) return; // had no seat (the plugin forgets it after this)
    this.unseat(client.sessionId);
    this.deps.metrics.leaves.inc();
    this.deps.logger.info({ event: "leave", roomId: this.roomId, sessionId: client.sessionId, code }, "player left");
  }

  override onUncaughtException(error: RoomException, method: string) {
    if (error.cause instanceof ServerError) return; // a deliberate join refusal, already answered
    this.deps.logger.error({ event: "room_exception", roomId: this.roomId, method, err: error.cause ?? error }, "uncaught exception in room");
  }

  private unseat(sessionId: string) {
    this.state.players.delete(sessionId);
    this.budgets.delete(sessionId);
  }

  /** One fixed step (the loop plugin runs it, guarded and timed, and sends the patch after it). */
  private step(dtSeconds: number) {
    this.spectators.discardInputs(this.inputs);
    this.bots.steer();
    const now = this.replays.stepTime(this.clock.elapsedTime); // the hill reads the clock: recorded to the µs
    const { event, inputsApplied } = this.replays.record(() => tickHill(this.world, dtSeconds, now, this.deps.tuning));
    if (event === "ended") this.broadcast(SERVER_MESSAGE.ROUND_ENDED, this.replays.withReplayId(roundResult(this.state.round, this.state.players)));
    if (inputsApplied > 0) this.deps.metrics.inputsApplied.inc(inputsApplied);
  }
}
