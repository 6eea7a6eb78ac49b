import { pino } from "pino";
import type { Logger } from "../../server/logger.js";

export interface CapturedLogs {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  /** Resolves with the first line matching `predicate` (already logged or to come); rejects after `timeoutMs`. */
  waitFor(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** A real pino logger whose JSON lines are kept in memory for assertions. */
export function captureLogs(level = "info"): CapturedLogs {
  const lines: Array<Record<string, unknown>> = [];
  const waiters = new Set<(line: Record<string, unknown>) => void>();
  const logger = pino({ level }, {
    write(chunk: string) {
      const line = JSON.parse(chunk) as Record<string, unknown>;
      lines.push(line);
      for (const w of [...waiters]) w(line);
    },
  });
  return {
    logger,
    lines,
    waitFor(predicate, timeoutMs = 3000) {
      const found = lines.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching log line within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = (line: Record<string, unknown>) => {
          if (!predicate(line)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(line);
        };
        waiters.add(check);
      });
    },
  };
}
