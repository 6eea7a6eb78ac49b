import type { AddressInfo } from "node:net";
import type { Server as HttpServer } from "node:http";
import { existsSync } from "node:fs";
import express from "express";
import { Server, matchMaker } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { PROTOCOL_VERSION, ROOM } from "../shared/protocol.js";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { arenaRoom } from "./rooms/ArenaRoom.js";
import { arenaLobbyRoom } from "./rooms/ArenaLobbyRoom.js";

export interface GameServer {
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(): Promise<number>;
  /** Disconnects every room and stops listening. Never exits the process. */
  close(): Promise<void>;
  readonly logger: Logger;
}

/**
 * Builds the game server from a config. Importing this module starts nothing; tests call it
 * with port 0, the entry point with the environment's config.
 */
export function createGameServer(config: Readonly<Config>, logger: Logger = createLogger(config.logLevel)): GameServer {
  const transport = new WebSocketTransport({ maxPayload: config.maxPayloadBytes });
  const server = new Server({
    transport,
    greet: false,
    gracefullyShutdown: false, // the entry point owns signals; a library must not exit the process
    logger,
    express: (app) => {
      app.disable("x-powered-by");
      app.get("/health", (_req, res) => {
        res.json({ status: "ok", pid: process.pid, protocol: PROTOCOL_VERSION, rooms: matchMaker.stats.local.roomCount, clients: matchMaker.stats.local.ccu });
      });
      if (config.clientDir && existsSync(config.clientDir)) app.use(express.static(config.clientDir));
    },
  });

  // Quick play fills the fullest open room first.
  server.define(ROOM.ARENA, arenaRoom({ tuning: config.game, logger, maxMessagesPerSecond: config.maxMessagesPerSecond })).sortBy({ clients: -1 }).enableRealtimeListing();
  server.define(ROOM.LOBBY, arenaLobbyRoom(logger));

  return {
    logger,
    async listen() {
      await server.listen(config.port, config.host);
      const http = transport.server as HttpServer;
      const port = (http.address() as AddressInfo).port;
      logger.info({ event: "listening", port, host: config.host }, "listening");
      return port;
    },
    async close() {
      await server.gracefullyShutdown(false);
    },
  };
}
