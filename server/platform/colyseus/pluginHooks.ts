import type { Room } from "@colyseus/core";
import { setupRoomPlugins } from "@colyseus/core/RoomPlugin";

/**
 * Installs a room class's plugin hooks before its first room is created. Colyseus 0.18 installs
 * them on the class's prototype when its first room runs `__init`, but a room that defines
 * `onUncaughtException` has already bound its own hooks in its constructor by then: without this,
 * the first room of each class would run none of its plugins' onCreate/onJoin/onLeave/onDispose.
 * Wires a throwaway instance (the constructor starts nothing; `__init`, which starts the clock and
 * timers, is not called) so the layout is computed and cached on the class. Returns the class.
 */
export function primePluginHooks<T extends abstract new () => Room>(roomClass: T): T {
  const probe = new (roomClass as unknown as new () => Room)();
  setupRoomPlugins(probe as unknown as Parameters<typeof setupRoomPlugins>[0]);
  if (!Object.prototype.hasOwnProperty.call(roomClass, "__pluginLayout")) {
    throw new Error(`Colyseus did not cache the plugin layout of ${roomClass.name}: review server/platform/colyseus/pluginHooks.ts`);
  }
  return roomClass;
}
