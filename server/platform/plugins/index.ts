/** The platform's room plugins: declare them in a room's `plugins = definePlugins([...])`. */
export { ClientHealth, type ClientHealthOptions } from "./ClientHealth.js";
export { FixedStepLoop, type FixedStepLoopOptions } from "./FixedStepLoop.js";
export { GlobalChatRelay, type GlobalChatRelayOptions } from "./GlobalChatRelay.js";
export { MatchmakingGuards, type MatchmakingGuardsOptions } from "./MatchmakingGuards.js";
export { messageTable } from "./messageTable.js";
export { limited, RateLimitedMessages, type LimitedMessage, type RateLimitedMessagesOptions } from "./RateLimitedMessages.js";
export { RoomChat, type RoomChatOptions } from "./RoomChat.js";
export { WireGuards, type WireGuardsOptions } from "./WireGuards.js";
export { SeatFillingBots, type SeatFillingBotsOptions } from "./SeatFillingBots.js";
export { Spectators, type SpectatorsOptions } from "./Spectators.js";
export { RoundReplays, type RoundReplaysOptions } from "./RoundReplays.js";
