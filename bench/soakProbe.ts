/** Reads a server's memory and event-loop lag from its Prometheus /metrics. */
export interface ServerSample {
  elapsedMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  lagP99Ms: number;
  clients: number;
}

export async function scrapeServer(httpUrl: string, elapsedMs: number): Promise<ServerSample | undefined> {
  try {
    const res = await fetch(`${httpUrl}/metrics`, { signal: AbortSignal.timeout(3000) });
    const text = await res.text();
    const value = (name: string) => {
      const line = text.split("\n").find((l) => l.startsWith(`${name} `));
      return line ? Number(line.slice(name.length + 1)) : Number.NaN;
    };
    return {
      elapsedMs,
      rssBytes: value("process_resident_memory_bytes"),
      heapUsedBytes: value("nodejs_heap_size_used_bytes"),
      lagP99Ms: value("nodejs_eventloop_lag_p99_seconds") * 1000,
      clients: value("orb_clients"),
    };
  } catch {
    return undefined;
  }
}
