import { LOAD_TOOL_LIMITS_ENV } from "../../server/bots/loadLimits.js";

/**
 * Limits raised for the test suite. Every per-address limit holds for loopback too, and the tests
 * run many clients from 127.0.0.1, so each test server (in-process and child process alike) starts
 * with these values unless a test passes its own. A test that checks a limit sets it explicitly.
 */
export const TEST_LIMITS_ENV: Readonly<Record<string, string>> = Object.freeze({
  // Per-address matchmaking limits (room creations, unused seats, unknown codes).
  ...LOAD_TOOL_LIMITS_ENV,
});
