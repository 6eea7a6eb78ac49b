import { definePlugins, matchMaker, Room, ServerError, type AuthContext, type Client, type RoomException } from "@colyseus/core";
import { CHAT_HISTORY_SIZE, CLIENT_MESSAGE, SERVER_MESSAGE, type JoinOptions } from "../../shared/protocol.js";
import { ArenaState, type MoveInput, Orb, Player } from "../../shared/schema/state.js";
import { MAX_PLAYERS_PER_ROOM, PATCH_INTERVAL_MS, TICK_RATE_HZ } from "../../shared/sim/constants.js";
import { createRng } from "../../shared/sim/rng.js";
import { addressOf } from "../platform/chat/chatPolicy.js";
import type { RoomDeps } from "../platform/deps.js";
import { nearestOrbIntent } from "../../shared/steering.js";
import { ClientHealth, FixedStepLoop, GlobalChatRelay, MatchmakingGuards, messageTable, RoomChat, RoundReplays, SeatFillingBots, Spectators, WireGuards } from "../platform/plugins/index.js";
import { arenaHash, arenaJoinRecord, arenaReplay, arenaSnapshot } from "../../shared/replay/arena.js";
import { mayReconnect } from "../platform/reconnect.js";
import { BufferedMoveInput } from "./bufferedInput.js";
import { plainMoveInputDecoder } from "./moveInputDecoder.js";
import { InputBudget } from "./rules/inputBudget.js";
import { parseJoinOptions, type ArenaAuth } from "./rules/joinOptions.js";
import { OrbField } from "../../shared/sim/orbField.js";
import { uniqueRoomCode } from "./rules/roomCode.js";
import { roundResult } from "./rules/scoreboard.js";
import { seatPlayer, unseatPlayer } from "./rules/seats.js";
import { spawnPlayer } from "./rules/spawn.js";
import { tickArena, type TickWorld } from "../../shared/sim/arenaTick.js";

export interface ArenaMetadata {
  private: boolean;
}

/** The arena: lifecycle, plugins and message table. Rules live in ./rules and shared/sim; the platform in server/platform. */
export class ArenaRoom extends Room<{ state: ArenaState; input: MoveInput; metadata: ArenaMetadata }> {
  /** Injected by `bindRoom(ArenaRoom, deps)`. */
  static deps: RoomDeps;
  private readonly deps = (this.constructor as typeof ArenaRoom).deps;

  override maxClients = MAX_PLAYERS_PER_ROOM;
  override state = new ArenaState();
  // No `sanitize` option: the shared step maps any axis value to -1, 0 or 1 (toAxis), and Colyseus'
  // sanitizer re-sets both schema fields of every input frame (docs/decisions/0008).
  override inputs = this.defineInput(BufferedMoveInput);
  private readonly rng = createRng(this.deps.tuning.seed ?? (Math.random() * 2 ** 32) >>> 0);
  private readonly orbField = new OrbField(this.rng, (o) => new Orb(o));
  private readonly budgets = new Map<string, InputBudget>();
  private readonly spectators = new Spectators({ ...this.deps, state: this.state, maxPlayers: MAX_PLAYERS_PER_ROOM, maxSpectators: this.deps.tuning.maxSpectators });
  private readonly world: TickWorld<Player> = {
    state: this.state,
    orbs: this.orbField,
    budgets: this.budgets,
    inputsOf: (sid) => this.replays.tap(sid, this.bots.inputsOf(sid) ?? this.inputs.get(sid)),
    hitImmunity: new Map(),
  };
  private readonly replays: RoundReplays<Player> = new RoundReplays<Player>({
    game: arenaReplay,
    state: this.state,
    snapshot: (slotOf) => arenaSnapshot({ state: this.state, slotOf, nextOrbId: this.orbField.nextOrbId, rng: this.rng.state(), immunity: this.world.hitImmunity }),
    joinRecord: arenaJoinRecord,
    hash: () => arenaHash(this.state, this.rng.state()),
    rng: () => this.rng.state(),
    store: this.deps.replays,
    logger: this.deps.logger,
    metrics: this.deps.metrics,
  });
  private readonly bots: SeatFillingBots<Player> = new SeatFillingBots<Player>({
    ...this.deps,
    fill: this.deps.tuning.botFill,
    players: this.state.players,
    spawn: (n) => new Player({ ...spawnPlayer(this.state, this.rng, ++this.joins, `Bot ${n}`), bot: true }),
    seat: (sid, player) => seatPlayer(this.world, sid, player),
    unseat: (sid) => unseatPlayer(this.world, sid),
    steer: (me) => nearestOrbIntent(me, this.state),
    changed: () => this.spectators.publish(),
  });
  /** Who a client is, for the chat plugins (read through here on every message). */
  private readonly chatContext = { nameOf: (client: Client) => this.state.players.get(client.sessionId)?.name ?? this.spectators.nameOf(client) };
  private readonly nameOf = (client: Client) => this.chatContext.nameOf(client);
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
  ]);
  override messages = messageTable(CLIENT_MESSAGE, this.plugins, {});

  override async onCreate(options: unknown) {
    const isPrivate = parseJoinOptions(options).private;
    this.roomId = await uniqueRoomCode((code) => matchMaker.driver.has(code));
    await this.setMetadata({ private: isPrivate });
    if (isPrivate) await this.setPrivate(true);
    this.deps.logger.info({ event: "room_created", roomId: this.roomId, private: isPrivate }, "room created");
  }

  /** Join options are checked at matchmaking time, before a seat is reserved or a room created. */
  static override async onAuth(_token: string, options: unknown, context?: AuthContext): Promise<ArenaAuth> {
    return { ...parseJoinOptions(options), address: addressOf(context?.ip) };
  }

  override async onJoin(client: Client, _options?: JoinOptions) {
    if (this.spectators.watching(client)) return; // watches without a seat
    const player = seatPlayer(this.world, client.sessionId, new Player(spawnPlayer(this.state, this.rng, ++this.joins, (client.auth as ArenaAuth | undefined)?.name)));
    this.deps.metrics.joins.inc();
    this.deps.logger.info({ event: "join", roomId: this.roomId, sessionId: client.sessionId, name: player.name }, "player joined");
  }

  override onDrop(client: Client, code?: number) {
    const player = this.state.players.get(client.sessionId);
    if (!player || this.deps.tuning.reconnectGraceS <= 0 || !mayReconnect(code)) return; // removed at once (onLeave)
    player.connected = false;
    this.deps.logger.info({ event: "drop", roomId: this.roomId, sessionId: client.sessionId, code }, "player dropped");
    this.allowReconnection(client, this.deps.tuning.reconnectGraceS); // not awaited: Colyseus closes the socket after onDrop
  }

  override onReconnect(client: Client) {
    const player = this.state.players.get(client.sessionId);
    if (player) player.connected = true;
    this.deps.logger.info({ event: "reconnect", roomId: this.roomId, sessionId: client.sessionId }, "player reconnected");
  }

  override onLeave(client: Client, code?: number) {
    if (this.spectators.watching(client)) return; // had no seat (the plugin forgets it after this)
    unseatPlayer(this.world, client.sessionId);
    this.deps.metrics.leaves.inc();
    this.deps.logger.info({ event: "leave", roomId: this.roomId, sessionId: client.sessionId, code }, "player left");
  }

  override onDispose() {
    this.deps.logger.info({ event: "room_disposed", roomId: this.roomId }, "room disposed");
  }

  override onUncaughtException(error: RoomException, method: string) {
    if (error.cause instanceof ServerError) return; // a deliberate join refusal, already answered
    this.deps.logger.error({ event: "room_exception", roomId: this.roomId, method, err: error.cause ?? error }, "uncaught exception in room");
  }

  /** One fixed step (the loop plugin runs it, guarded and timed, and sends the patch after it). */
  private step(dtSeconds: number) {
    this.spectators.discardInputs(this.inputs);
    this.bots.steer();
    const { event, inputsApplied } = this.replays.record(() => tickArena(this.world, dtSeconds, this.clock.elapsedTime, this.deps.tuning));
    if (event === "ended") this.broadcast(SERVER_MESSAGE.ROUND_ENDED, this.replays.withReplayId(roundResult(this.state.round, this.state.players)));
    if (inputsApplied > 0) this.deps.metrics.inputsApplied.inc(inputsApplied);
  }
}
