import { matchMaker } from "@colyseus/core";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics of one server (its own registry, so several servers can live in one
 * test process). Served at GET /metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly joins = new Counter({ name: "orb_joins_total", help: "Players who joined an arena room", registers: [this.registry] });
  readonly replaysSaved = new Counter({ name: "orb_replays_recorded_total", help: "Rounds recorded and handed to the replay store", registers: [this.registry] });
  readonly leaves = new Counter({ name: "orb_leaves_total", help: "Players who left an arena room", registers: [this.registry] });
  readonly messages = new Counter({
    name: "orb_messages_total",
    help: "Client messages handled, by type (inputs counted as applied)",
    labelNames: ["type"] as const,
    registers: [this.registry],
  });
  /** `messages{type="input"}`, bound once: the step counts applied inputs 30 times a second in every room. */
  readonly inputsApplied = this.messages.labels("input");
  readonly rejected = new Counter({
    name: "orb_rejected_messages_total",
    help: "Client messages refused, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly chat = new Counter({
    name: "orb_chat_messages_total",
    help: "Chat messages accepted, by channel",
    labelNames: ["channel"] as const,
    registers: [this.registry],
  });
  readonly tick = new Histogram({
    name: "orb_tick_duration_seconds",
    help: "Time spent in one fixed simulation step of one room",
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025],
    registers: [this.registry],
  });
  readonly matchmakeRefused = new Counter({
    name: "orb_matchmake_refused_total",
    help: "Matchmaking requests refused by a per-address limit or the process room cap, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly patchBytes = new Counter({
    name: "orb_patch_bytes_total",
    help: "State patch bytes sent to clients (patch size × receiving clients)",
    registers: [this.registry],
  });

  constructor() {
    new Gauge({
      name: "orb_rooms",
      help: "Rooms hosted by this process",
      registers: [this.registry],
      collect() {
        this.set(matchMaker.stats.local.roomCount);
      },
    });
    new Gauge({
      name: "orb_clients",
      help: "Clients connected to this process",
      registers: [this.registry],
      collect() {
        this.set(matchMaker.stats.local.ccu);
      },
    });
    // Process metrics, including nodejs_eventloop_lag_seconds.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }
}
