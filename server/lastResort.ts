import type { Logger } from "./logger.js";

/**
 * The last resort for a failure nobody handled: it is logged with its context and the process
 * keeps running, so one bug does not end every room on the process. Each one found is a bug to fix
 * where it starts (tests assert that none is logged).
 */
export function installLastResort(logger: Logger): void {
  process.on("unhandledRejection", (reason) => {
    logger.error({ event: "unhandled_rejection", err: reason }, "unhandled promise rejection; the process keeps running");
  });
  process.on("uncaughtException", (err, origin) => {
    logger.error({ event: "uncaught_exception", origin, err }, "uncaught exception; the process keeps running");
  });
}
