import { join } from "node:path";
import { tmpdir } from "node:os";
import { LOAD_TOOL_LIMITS_ENV } from "../../bots/loadLimits.js";

/**
 * Limits raised for the test suite. Every per-address limit holds for loopback too, and the tests
 * run many clients from 127.0.0.1, so each test server (in-process and child process alike) starts
 * with these values unless a test passes its own. A test that checks a limit sets it explicitly.
 */
export const TEST_LIMITS_ENV: Readonly<Record<string, string>> = Object.freeze({
  // Per-address matchmaking limits (room creations, unused seats, unknown codes).
  ...LOAD_TOOL_LIMITS_ENV,
  // Global chat per address and for the whole channel; list-reply budgets (docs/reliability.md "Chat and names").
  GLOBAL_CHAT_ADDRESS_MAX_MESSAGES: "100000",
  GLOBAL_CHAT_MAX_MESSAGES: "1000000",
  REPLY_ADDRESS_BYTES_PER_SECOND: "1073741824",
  // Rounds the tests play are recorded out of the working tree (one directory per test run; tests that check replays pass their own).
  REPLAY_DIR: join(tmpdir(), `orb-arena-test-replays-${process.pid}`),
});
