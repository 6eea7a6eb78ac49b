import type { Room } from "@colyseus/core";
import { primePluginHooks } from "./colyseus/pluginHooks.js";
import type { RoomDeps } from "./deps.js";

/** A room class that reads its dependencies from a static `deps` (rooms never read config or env). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin constructor form TypeScript requires
type RoomClassWithDeps = (new (...args: any[]) => Room) & { deps: RoomDeps };

/**
 * `base` bound to `deps`, ready for `server.define(name, ...)`: a subclass whose static `deps` are
 * these (so two servers in one process keep theirs apart), with its plugin hooks installed before
 * its first room is created (colyseus/pluginHooks.ts says why).
 */
export function bindRoom<T extends RoomClassWithDeps>(base: T, deps: RoomDeps): T {
  const bound = class extends base {};
  bound.deps = deps;
  return primePluginHooks(bound);
}
