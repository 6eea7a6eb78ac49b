import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { definePlugins, Room, RoomPlugin } from "@colyseus/core";
import { primePluginHooks } from "../server/platform/colyseus/pluginHooks.js";
import { assertSeatGate } from "../server/platform/colyseus/seatGate.js";

/** The one module allowed to touch Colyseus' internals (docs/decisions/0004-colyseus-internals.md). */
const INTERNALS = "server/platform/colyseus/";

/** What touching a Colyseus private looks like in our TypeScript; each names what it catches. */
const PATTERNS: ReadonlyArray<{ what: string; re: RegExp }> = [
  { what: "an underscore member (Colyseus' private fields and methods)", re: /\??\.\s*_[A-Za-z]\w*|\[\s*["'`]_[A-Za-z]\w*["'`]\s*\]/ },
  { what: "a type literal with an underscore member (a cast to a Colyseus private shape)", re: /\{\s*_[A-Za-z]\w*\??\s*:/ },
  { what: "an `as unknown as` cast of a room, client, transport, driver, presence or the matchmaker", re: /\b(?:room|client|controller|transport|driver|presence|matchMaker(?:\.\w+)*)\s+as\s+unknown\s+as\b/ },
  { what: "matchMaker.controller (Colyseus' matchmaking entry and CORS hooks)", re: /\bmatchMaker\s*\.\s*controller\b/ },
  { what: "a Colyseus presence channel, key or IPC error (ipc:, p:, $lobby, roomcount, ipc_timeout)", re: /["'`](?:ipc:|p:|\$lobby\b|roomcount\b|ipc_timeout\b)/ },
  { what: "a deep import of a Colyseus module (not its package entry)", re: /from\s+["']@colyseus\/[\w-]+\/[^"']+["']/ },
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return /\.(ts|mts)$/.test(entry.name) ? [path] : [];
  });
}

/** `file:line: what` for each line of `source` matching a pattern. Comment lines are skipped. */
function findings(file: string, source: string): string[] {
  const out: string[] = [];
  source.split("\n").forEach((line, i) => {
    const code = line.trimStart();
    if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) return;
    for (const { what, re } of PATTERNS) if (re.test(line)) out.push(`${file}:${i + 1}: ${what}: ${line.trim()}`);
  });
  return out;
}

describe("Colyseus internals stay in server/platform/colyseus", () => {
  it("the seat gate's boot check passes on this Colyseus and throws when Room._reserveSeat changes", () => {
    assertSeatGate();
    const proto = Room.prototype as unknown as { _reserveSeat: unknown };
    const original = proto._reserveSeat;
    proto._reserveSeat = async function (sessionId: string) {
      return sessionId !== "";
    };
    try {
      assert.throws(() => assertSeatGate(), /_reserveSeat/);
    } finally {
      proto._reserveSeat = original;
    }
  });

  it("no file of the server outside it touches a Colyseus private", () => {
    const root = process.cwd();
    const files = tsFiles(join(root, "server")).map((f) => relative(root, f)).filter((f) => !f.startsWith(INTERNALS));
    assert.ok(files.length > 40, `scanned the server's files (${files.length})`);
    const found = files.flatMap((file) => findings(file, readFileSync(join(root, file), "utf8")));
    assert.deepEqual(found, [], `Colyseus internals outside ${INTERNALS}:\n${found.join("\n")}`);
  });

  it("the internals module itself is caught by the patterns (so the scan can fail)", () => {
    const files = tsFiles(join(process.cwd(), INTERNALS));
    const caught = files.filter((f) => findings(f, readFileSync(f, "utf8")).length > 0).length;
    assert.ok(caught >= 6, `patterns match the internals module's own files (${caught} of ${files.length})`);
  });

  it("flags each kind of private access, and not our own code's look-alikes", () => {
    const flagged = [
      "const i = room._simulationInterval;",
      "c?._inputDecoder.decode(bytes);",
      'room["_serializer"]',
      "const r = this as unknown as { _client: Redis };",
      "const socket = client as unknown as { bufferedAmount: number };",
      "matchMaker.controller.invokeMethod = wrapped;",
      'await presence.channels("p:*");',
      'presence.publish("$lobby", `${id},1`);',
      'const REPLY = "ipc:";',
      'if (err.message === "ipc_timeout") retry();',
      'import { setupRoomPlugins } from "@colyseus/core/RoomPlugin";',
    ];
    for (const line of flagged) assert.notDeepEqual(findings("x.ts", line), [], `flags: ${line}`);
    const clean = [
      'const LISTING_KEY = "roomcaches";',
      "const rows = [...presence.connections, ...driver.connections] as unknown as Array<Pingable>;",
      'const url = "http://example.com";',
      "const keep = this.keepAlive_ms;",
      'import { Room } from "@colyseus/core";',
      "// room._simulationInterval is replaced in server/platform/colyseus",
      "this.deps.metrics.leaves.inc();",
    ];
    for (const line of clean) assert.deepEqual(findings("x.ts", line), [], `does not flag: ${line}`);
  });
});

describe("plugin hooks on the first room of a class", () => {
  class CountingPlugin extends RoomPlugin {
    override readonly pluginName = "counting" as const;
    created = 0;
    protected override onCreate(): void {
      this.created++;
    }
  }
  const roomClass = () =>
    class extends Room {
      override plugins = definePlugins([new CountingPlugin()]);
      override onCreate(): void {}
      override onUncaughtException(): void {}
    };
  /** Creates a room as Colyseus' matchmaker does (construct, `__init`, onCreate); how many plugin onCreate hooks ran. */
  async function createRoom(type: new () => Room): Promise<number> {
    const room = new type() as unknown as { __init(): void; onCreate(options: unknown): Promise<void>; _events: { emit(e: string): void }; plugins: { counting: CountingPlugin } };
    room.__init();
    await room.onCreate({});
    room._events.emit("dispose"); // stops the timers __init started
    return room.plugins.counting.created;
  }

  it("Colyseus 0.18 skips them on a class's first room when it defines the hook and onUncaughtException (remove pluginHooks.ts when this fails)", async () => {
    const type = roomClass();
    assert.equal(await createRoom(type), 0, "first room: no plugin hook");
    assert.equal(await createRoom(type), 1, "second room: plugin hooks run");
  });

  it("primePluginHooks makes the first room run them", async () => {
    const type = primePluginHooks(roomClass());
    assert.equal(await createRoom(type), 1);
    assert.equal(await createRoom(type), 1);
  });
});
