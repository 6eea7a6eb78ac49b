/**
 * Per-address matchmaking limits raised for the load tools (soak, benchmark), which run hundreds
 * of bots from one address: servers they start get these in their environment. The values are the
 * configuration's maxima, so the limits never decide a measurement. A server started by hand for
 * `npm run bots` keeps the defaults (server bots included): the CLI joins one bot at a time by quick play, which creates
 * no room through `create` and holds at most one unused seat.
 */
export const LOAD_TOOL_LIMITS_ENV: Readonly<Record<string, string>> = Object.freeze({
  ROOM_CREATES_PER_MINUTE: "1000000",
  PENDING_SEATS_PER_ADDRESS: "1000000",
  ROOM_CODE_MISSES_PER_MINUTE: "1000000",
  // No server bots: the load tools measure exactly the players they create (a run that wants them sets BOT_FILL).
  BOT_FILL: "0",
});
