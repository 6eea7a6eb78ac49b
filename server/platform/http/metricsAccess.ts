import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpLimits, MetricsAccess } from "../../config.js";
import type { Metrics } from "../../metrics.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** True when `Authorization: Bearer <token>` carries the token (compared in constant time), or no token is set. */
export function bearerAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const match = /^bearer +(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return false;
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

/** GET /metrics in Prometheus' text format, behind the bearer token when one is configured. */
export function metricsHandler(metrics: Metrics, token: string | undefined): Handler {
  return (req, res) => {
    if (!bearerAllowed(req.headers.authorization, token)) {
      sendJson(res, 401, { code: 401, error: "a bearer token is required for /metrics" }, { "www-authenticate": 'Bearer realm="metrics"' });
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      () => sendJson(res, 500, { code: 500, error: "metrics unavailable" }),
    );
  };
}

export interface MetricsListener {
  /** The bound address (port 0 resolved). */
  address(): AddressInfo;
  close(): Promise<void>;
}

/** /metrics on a listener of its own (METRICS_HOST:METRICS_PORT); every other path is 404. */
export async function listenForMetrics(metrics: Metrics, access: Readonly<MetricsAccess>, limits: Readonly<HttpLimits>): Promise<MetricsListener> {
  const handle = metricsHandler(metrics, access.token);
  const server: Server = createServer({ headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs }, (req, res) => {
    if ((req.url ?? "").split("?")[0] === "/metrics" && (req.method === "GET" || req.method === "HEAD")) handle(req, res);
    else sendJson(res, 404, { code: 404, error: "not found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(access.port ?? 0, access.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    address: () => server.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
