/** A TCP proxy that can stop reading from the server, making its clients look like slow consumers. */
import { connect, createServer, type Socket } from "node:net";

export interface StallProxy {
  port: number;
  /** Stops reading server→client data on every open connection (it piles up at the server). */
  stall(): void;
  close(): Promise<void>;
}

export function startStallProxy(targetPort: number): Promise<StallProxy> {
  const upstreams = new Set<Socket>();
  const clients = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    upstreams.add(upstream);
    clients.add(client);
    client.pipe(upstream);
    upstream.pipe(client);
    const done = () => {
      upstreams.delete(upstream);
      clients.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", done).on("error", done);
    upstream.on("close", done).on("error", done);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        stall() {
          for (const upstream of upstreams) {
            upstream.unpipe();
            upstream.pause();
          }
        },
        close() {
          for (const s of [...upstreams, ...clients]) s.destroy();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}
