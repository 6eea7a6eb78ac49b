import type { Application } from "express";
import { existsSync } from "node:fs";
import { matchMaker } from "@colyseus/core";
import { monitor } from "@colyseus/monitor";
import { PROTOCOL_VERSION } from "../../../shared/protocol.js";
import type { Config } from "../../config.js";
import type { Metrics } from "../../metrics.js";
import { requirePassword } from "./basicAuth.js";
import { metricsHandler } from "./metricsAccess.js";
import type { OriginPolicy } from "./origins.js";
import { mountReplayRoutes } from "./replays.js";
import type { ServedReplayStore } from "../replay/served.js";
import type { Logger } from "../../logger.js";
import { staticClient } from "./staticClient.js";

export interface HttpDeps {
  config: Readonly<Config>;
  metrics: Metrics;
  redisStatus: () => string;
  /** False once shutdown has begun. */
  accepting: () => boolean;
  /** Each Colyseus tuning: active, or why not (server/platform/colyseus/tunings.ts). */
  tunings: () => Record<string, { active: boolean; reason?: string }>;
  /** Where `GET /replays` and `GET /replays/:id` read (disk or Redis, server/platform/replay/). */
  replays: ServedReplayStore;
  originAllowed: OriginPolicy;
  logger: Logger;
}

/** Health, metrics, the optional monitor and the built client, on the server's Express app. */
export function mountRoutes(app: Application, deps: HttpDeps): void {
  const { config, metrics } = deps;
  app.disable("x-powered-by");

  const health = () => {
    const redis = deps.redisStatus();
    const ready = deps.accepting() && (redis === "none" || redis === "ready");
    return {
      status: ready ? "ok" : "degraded",
      ready,
      pid: process.pid,
      processId: matchMaker.processId,
      publicAddress: config.publicAddress ?? null,
      protocol: PROTOCOL_VERSION,
      rooms: matchMaker.stats.local.roomCount,
      clients: matchMaker.stats.local.ccu,
      redis,
      tunings: deps.tunings(),
      uptimeSeconds: Math.round(process.uptime()),
    };
  };
  // Liveness: 200 while the process serves HTTP. Readiness: 503 while shutting down or Redis is away.
  app.get("/health", (_req, res) => {
    res.json(health());
  });
  app.get("/health/ready", (_req, res) => {
    const h = health();
    res.status(h.ready ? 200 : 503).json(h);
  });
  // Here unless METRICS_PORT gives /metrics a listener of its own; METRICS_TOKEN guards it either way.
  if (config.metrics.port === undefined) app.get("/metrics", metricsHandler(metrics, config.metrics.token));

  mountReplayRoutes(app, {
    store: deps.replays,
    originAllowed: deps.originAllowed,
    requestsPerMinute: config.replays.requestsPerMinute,
    trackedAddresses: config.matchmaking.trackedAddresses,
    logger: deps.logger,
  });

  // The monitor can call room methods: never mounted without a password.
  if (config.monitorPassword) app.use("/monitor", requirePassword(config.monitorPassword), monitor());
  else app.use("/monitor", (_req, res) => void res.status(401).json({ error: "monitor disabled: set MONITOR_PASSWORD" }));

  if (config.clientDir && existsSync(config.clientDir)) app.use(staticClient(config.clientDir));
}
