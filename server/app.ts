import type { AddressInfo } from "node:net";
import type { Server as HttpServer } from "node:http";
import { Server, matchMaker } from "@colyseus/core";
import { WebSocketTransport, type TransportOptions } from "@colyseus/ws-transport";
import { ROOM } from "../shared/protocol.js";
import { GlobalChat } from "./platform/chat/GlobalChat.js";
import { usesRedis, type Config } from "./config.js";
import { createAddressStamp, stampUpgrades } from "./platform/http/addressStamp.js";
import { createHttpServer } from "./platform/http/httpServer.js";
import { installMatchmakeGate } from "./platform/http/matchmakeGate.js";
import { listenForMetrics, type MetricsListener } from "./platform/http/metricsAccess.js";
import { createOriginPolicy } from "./platform/http/origins.js";
import { mountRoutes } from "./platform/http/routes.js";
import { createLogger, type Logger } from "./logger.js";
import { Metrics } from "./metrics.js";
import { ArenaRoom } from "./arena/ArenaRoom.js";
import { HillRoom } from "./hill/HillRoom.js";
import { restrictMatchmakingCors } from "./platform/colyseus/matchmakerEntry.js";
import { probeRoomTunings } from "./platform/colyseus/probes.js";
import { assertSeatGate } from "./platform/colyseus/seatGate.js";
import { Tunings } from "./platform/colyseus/tunings.js";
import { assertTestedColyseus } from "./platform/colyseus/version.js";
import type { RoomDeps } from "./platform/deps.js";
import { bindRoom } from "./platform/roomClass.js";
import { ChatLobbyRoom } from "./platform/rooms/ChatLobbyRoom.js";
import { createBackplane } from "./platform/scale/presence.js";
import { drainRooms } from "./platform/scale/drain.js";
import { watchForStalls, type StallWatch } from "./platform/scale/stallWatch.js";
import type { RedisTarget } from "./platform/scale/redisOptions.js";
import { sweepDeadProcesses } from "./platform/scale/processSweep.js";
import { createProcessSelector } from "./platform/scale/localLobby.js";
import { guardMatchmaking } from "./platform/scale/matchmakeGuard.js";
import { setMatchmakeDeadline } from "./platform/scale/matchmakeDeadline.js";
import { MatchmakeLimits } from "./platform/scale/matchmakeLimits.js";
import { RoomCap } from "./platform/scale/roomCap.js";
import { DiskReplayStore } from "./platform/replay/diskStore.js";
import { RedisReplayStore } from "./platform/replay/redisStore.js";
import type { ServedReplayStore } from "./platform/replay/served.js";

export interface GameServer {
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(): Promise<number>;
  /** Stops accepting joins, disposes rooms, leaves nothing of this process in Redis. Never exits. */
  close(): Promise<void>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Where this process's rounds' replays are kept and served from (disk, or Redis with REDIS_URL/Sentinel). */
  readonly replays: ServedReplayStore;
  /** Port of the separate /metrics listener (METRICS_PORT) once listening; undefined when /metrics is on the main port. */
  metricsPort(): number | undefined;
}

/**
 * Builds the game server from a config. Importing this module starts nothing; tests call it
 * with port 0, the entry point with the environment's config. Colyseus' matchmaker is a
 * process-wide singleton: one GameServer per process at a time.
 */
export function createGameServer(config: Readonly<Config>, logger: Logger = createLogger(config.logLevel)): GameServer {
  assertTestedColyseus();
  assertSeatGate();
  const tunings = new Tunings(config.colyseusTuningsOff, logger);
  probeRoomTunings(tunings);
  const metrics = new Metrics();
  const roomCap = new RoomCap(config.matchmaking.maxRoomsPerProcess);
  const backplane = createBackplane(redisTarget(config), config.redis, logger, tunings);
  const globalChat = new GlobalChat(backplane.presence, config.limits, backplane.chatStore);
  const originAllowed = createOriginPolicy(config.allowedOrigins);
  const replays = createReplayStore(config, logger);
  let accepting = true;

  const addressStamp = createAddressStamp(config.trustProxyHops);
  const httpServer = createHttpServer(config.http);
  const transportOptions: TransportOptions = {
    server: httpServer,
    maxPayload: config.maxPayloadBytes,
    beforeUpgrade: (request, context) => {
      // context.ip is what rooms' onAuth see: it must be the stamped client address (addressStamp.ts).
      const ip = addressStamp.take(context.headers);
      if (ip === undefined || context.ip !== ip) {
        logger.error({ event: "client_address_unstamped", ip: context.ip }, "websocket upgrade without the stamped client address");
        return Response.json({ code: 500, error: "client address unavailable" }, { status: 500 });
      }
      if (!originAllowed(request.headers.get("origin"), request.headers.get("host"))) {
        logger.warn({ event: "origin_refused", origin: request.headers.get("origin") }, "websocket origin refused");
        return new Response("origin not allowed", { status: 403 });
      }
    },
  };
  const transport = new WebSocketTransport(transportOptions);
  stampUpgrades(httpServer, addressStamp);
  const server = new Server({
    transport,
    presence: backplane.presence,
    driver: backplane.driver,
    publicAddress: config.publicAddress,
    selectProcessIdToCreateRoom: createProcessSelector(roomCap),
    greet: false,
    gracefullyShutdown: false, // the entry point owns signals; a library must not exit the process
    logger,
    express: (app) => mountRoutes(app, { config, metrics, redisStatus: backplane.redisStatus, accepting: () => accepting, tunings: () => tunings.report(), replays, originAllowed, logger }),
  });
  // Matchmaking answers CORS only to allowed origins, so other sites' pages cannot read a seat.
  restrictMatchmakingCors(originAllowed);

  const deps: RoomDeps = {
    tuning: config.game,
    limits: config.limits,
    logger,
    metrics,
    globalChat,
    maxMessagesPerSecond: config.maxMessagesPerSecond,
    roomCap,
    seatReservationSeconds: config.matchmaking.seatReservationSeconds,
    tunings,
    // REPLAYS=off: rooms get no store and record nothing (the benchmark's baseline); the routes still serve what is kept.
    replays: config.replays.record ? replays : undefined,
  };
  // Quick play fills the fullest open room first.
  // Quick play: only rooms with a player seat open (listing metadata, guardMatchmaking adds the filter), the most humans first.
  server.define(ROOM.ARENA, bindRoom(ArenaRoom, deps)).filterBy(["seatOpen"]).sortBy({ humans: -1, clients: -1 }).enableRealtimeListing();
  server.define(ROOM.HILL, bindRoom(HillRoom, deps)).filterBy(["seatOpen"]).sortBy({ humans: -1, clients: -1 }).enableRealtimeListing();
  // One lobby per process: lobby requests are seated in the answering process's own lobby (matchmakeGuard.ts).
  server.define(ROOM.LOBBY, bindRoom(ChatLobbyRoom, deps));
  guardMatchmaking(new MatchmakeLimits(config.matchmaking, logger, metrics));
  setMatchmakeDeadline(usesRedis(config) ? { ready: backplane.ready, timeoutMs: config.redis.matchmakeTimeoutMs } : undefined);

  // Redis answers again (restarted, possibly empty; or was frozen; or first appears): put this
  // process's rooms and stats back into the listing, finish failed removals, reload chat history.
  backplane.onRedisRecovered(() => {
    Promise.all([matchMaker.restoreMissingRoomCaches(), matchMaker.stats.persist(true), backplane.retryAfterOutage(), globalChat.reload()]).catch((err: unknown) =>
      logger.error({ event: "redis_restore_failed", err }, "restoring room listings failed"),
    );
  });

  let healthTimer: ReturnType<typeof setInterval> | undefined;
  let stallWatch: StallWatch | undefined;
  let metricsListener: MetricsListener | undefined;
  return {
    logger,
    metrics,
    replays,
    metricsPort: () => metricsListener?.address().port,
    async listen() {
      backplane.start();
      await server.listen(config.port, config.host);
      await backplane.probe(); // readiness reflects a Redis round trip from the first request on
      if (usesRedis(config)) {
        await matchMaker.stats.persist(true);
        await backplane.checkInternals(matchMaker.processId);
        await backplane.probeTunings(matchMaker.processId);
      }
      installMatchmakeGate(httpServer, { limits: config.http, originAllowed, stamp: addressStamp, logger, onRefused: (reason) => metrics.matchmakeRefused.inc({ reason }) });
      if (config.metrics.port !== undefined) metricsListener = await listenForMetrics(metrics, config.metrics, config.http);
      await globalChat.start();
      if (usesRedis(config) && tunings.on("deadProcessSweep")) {
        // Colyseus notices dead processes only when a request hits them; check on a timer so
        // a killed process's rooms leave listings and matchmaking within seconds.
        let sweeping = false;
        healthTimer = setInterval(() => {
          if (sweeping || !backplane.ready()) return;
          sweeping = true;
          sweepDeadProcesses(backplane.presence)
            .then((removed) => {
              if (removed.length > 0) logger.warn({ event: "dead_process_swept", rooms: removed }, "removed rooms of a dead process");
            })
            .catch((err: unknown) => logger.debug({ err }, "process health check failed"))
            .finally(() => (sweeping = false));
        }, config.healthCheckSeconds * 1000);
        healthTimer.unref();
      }
      if (usesRedis(config)) {
        // Frozen longer than a health check: other processes may have removed our rooms; put them back at once.
        stallWatch = watchForStalls({
          thresholdMs: config.healthCheckSeconds * 1000,
          windowMs: STALL_RESTORE_WINDOW_MS,
          restore: () => matchMaker.restoreMissingRoomCaches(),
          suspendLimits: () => liftMessageLimits(roomCap),
          onStall: (gapMs) => logger.warn({ event: "process_stalled", gapMs: Math.round(gapMs) }, "this process was frozen; restoring its room listings"),
          onError: (err) => logger.debug({ err }, "restoring room listings after a stall failed"),
        });
      }
      const port = ((transport.server as HttpServer).address() as AddressInfo).port;
      logger.info({ event: "listening", port, host: config.host, redis: config.redisSentinel ? "sentinel" : Boolean(config.redisUrl), processId: matchMaker.processId }, "listening");
      return port;
    },
    async close() {
      accepting = false;
      roomCap.stopAdmitting();
      if (config.drainMs > 0) {
        logger.info({ event: "draining", drainMs: config.drainMs }, "not ready; letting running rounds finish");
        const drained = await drainRooms(config.drainMs, logger);
        logger.info({ event: "drained", finished: drained.finished, cut: drained.cut, ms: Math.round(drained.ms) }, "drain over");
      }
      if (healthTimer) clearInterval(healthTimer);
      stallWatch?.stop();
      globalChat.stop();
      backplane.stop();
      await metricsListener?.close();
      await server.gracefullyShutdown(false);
      await replays.close(); // after the rooms: a round ended by the shutdown may still put its replay
      logger.info({ event: "stopped", processId: matchMaker.processId }, "server stopped");
    },
  };
}

/** Lifts every local room's message-rate limit (Colyseus' `maxMessagesPerSecond`); returns what puts each back. */
function liftMessageLimits(roomCap: RoomCap): () => void {
  const lifted: Array<[{ maxMessagesPerSecond: number }, number]> = [];
  for (const room of roomCap.admitted as ReadonlySet<{ maxMessagesPerSecond: number }>) {
    lifted.push([room, room.maxMessagesPerSecond]);
    room.maxMessagesPerSecond = Infinity;
  }
  return () => {
    for (const [room, limit] of lifted) room.maxMessagesPerSecond = limit;
  };
}

/** After a stall, listings are re-checked this long: another process's health check (a 2 s IPC timeout) started during the stall may still remove them, ms. */
const STALL_RESTORE_WINDOW_MS = 4000;

/** Replays in Redis when the processes share one (every process lists every replay), else on disk in REPLAY_DIR. */
function createReplayStore(config: Config, logger: Logger): ServedReplayStore {
  const target = redisTarget(config);
  return target ? RedisReplayStore.connect(target, config.redis, config.replays, logger) : new DiskReplayStore(config.replays.dir, config.replays, logger);
}

/** Where this process finds Redis (REDIS_URL or REDIS_SENTINELS), or undefined for one process on its own. */
function redisTarget(config: Config): RedisTarget | undefined {
  if (config.redisSentinel) return { sentinel: config.redisSentinel };
  return config.redisUrl ? { url: config.redisUrl } : undefined;
}
