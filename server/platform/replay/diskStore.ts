/**
 * Replays on disk, for one process without Redis: `<id>.orbreplay` (the file as served) and
 * `<id>.json` (its ReplayMeta) per replay in one directory, created by the first put. The meta file is
 * written last, each file to a temporary name renamed into place, so a crash leaves at worst an
 * orphan replay file or a temporary one, both removed at the next start. At start the directory is
 * read back (replays survive a restart); a meta file that is not valid JSON of a ReplayMeta is
 * logged and removed with its replay. Writes are serialised (retention sees every put in order)
 * and use async fs only. No method throws: failures are logged and answered with "nothing".
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REPLAY_FILE_EXTENSION, REPLAY_ID_PATTERN, type ReplayMeta } from "../../../shared/replay/meta.js";
import type { Logger } from "../../logger.js";
import { isReplayMeta, newestFirst, type ReplayLimits, type ReplayLookup, type ServedReplayStore } from "./served.js";

const META_EXTENSION = ".json";
const TEMP_EXTENSION = ".tmp";

export class DiskReplayStore implements ServedReplayStore {
  private readonly index = new Map<string, ReplayMeta>();
  /** Puts and removals, one after the other. */
  private queue: Promise<void>;
  /** Whether the directory could be read (or created) at start. */
  private usable = false;
  private closed = false;
  private temps = 0;

  constructor(
    private readonly dir: string,
    private readonly limits: ReplayLimits,
    private readonly logger: Logger,
  ) {
    this.queue = this.load();
  }

  /** Resolves once the directory has been read back (tests wait for it; every method waits anyway). */
  ready(): Promise<void> {
    return this.queue;
  }

  put(meta: ReplayMeta, file: Uint8Array): Promise<void> {
    if (this.closed) {
      this.logger.warn({ event: "replay_not_stored", id: meta.id, reason: "store closed" }, "replay not stored");
      return Promise.resolve();
    }
    const refused = refusal(meta, file, this.limits.maxFileBytes);
    if (refused) {
      this.logger.warn({ event: "replay_not_stored", id: meta.id, bytes: file.byteLength, reason: refused }, "replay not stored");
      return Promise.resolve();
    }
    const entry: ReplayMeta = { ...meta, bytes: file.byteLength };
    return this.enqueue(async () => {
      if (!(await this.makeDir())) return;
      this.usable = true;
      try {
        await this.writeAtomically(this.filePath(entry.id), file);
        await this.writeAtomically(this.metaPath(entry.id), JSON.stringify(entry));
        this.index.set(entry.id, entry);
      } catch (err) {
        this.logger.error({ event: "replay_write_failed", id: entry.id, dir: this.dir, err }, "could not write a replay");
        this.index.delete(entry.id);
        await this.removeFiles(entry.id);
        return;
      }
      await this.trim();
    });
  }

  async list(limit: number): Promise<ReplayMeta[]> {
    const recent = await this.recent(limit);
    return recent === "unavailable" ? [] : recent;
  }

  async recent(limit: number): Promise<ReplayMeta[] | "unavailable"> {
    await this.settled();
    if (!this.usable) return "unavailable";
    return [...this.index.values()].sort(newestFirst).slice(0, Math.max(0, limit));
  }

  async get(id: string): Promise<Uint8Array | undefined> {
    const found = await this.find(id);
    return typeof found === "string" ? undefined : found;
  }

  async find(id: string): Promise<ReplayLookup> {
    if (!REPLAY_ID_PATTERN.test(id)) return "missing";
    await this.settled();
    if (!this.usable) return "unavailable";
    if (!this.index.has(id)) return "missing";
    try {
      return new Uint8Array(await readFile(this.filePath(id)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        this.logger.warn({ event: "replay_file_missing", id, dir: this.dir }, "a listed replay's file is gone; unlisted");
        this.index.delete(id);
        return "missing";
      }
      this.logger.error({ event: "replay_read_failed", id, err }, "could not read a replay");
      return "unavailable";
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
  }

  /** Replays and bytes kept now (tests, logs). */
  usage(): { count: number; bytes: number } {
    let bytes = 0;
    for (const meta of this.index.values()) bytes += meta.bytes;
    return { count: this.index.size, bytes };
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work).catch((err: unknown) => this.logger.error({ event: "replay_store_failed", err }, "replay store failed"));
    this.queue = next;
    return next;
  }

  /** Resolves when the puts queued so far are done (reads see every put that resolved before them). */
  private settled(): Promise<void> {
    return this.queue;
  }

  private filePath(id: string): string {
    return join(this.dir, id + REPLAY_FILE_EXTENSION);
  }

  private metaPath(id: string): string {
    return join(this.dir, id + META_EXTENSION);
  }

  private async writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
    const temp = `${path}.${process.pid}.${++this.temps}${TEMP_EXTENSION}`;
    try {
      await writeFile(temp, data);
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
  }

  private async makeDir(): Promise<boolean> {
    try {
      await mkdir(this.dir, { recursive: true });
      return true;
    } catch (err) {
      this.logger.error({ event: "replay_dir_unusable", dir: this.dir, err }, "replay directory cannot be created; replays are not kept");
      return false;
    }
  }

  /** Reads the directory back: every valid meta with its file is listed again; the rest is removed. */
  private async load(): Promise<void> {
    try {
      let names: string[];
      try {
        names = await readdir(this.dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
          this.usable = true; // created by the first put
          return;
        }
        throw err;
      }
      this.usable = true;
      const files = new Set(names.filter((n) => n.endsWith(REPLAY_FILE_EXTENSION)).map((n) => n.slice(0, -REPLAY_FILE_EXTENSION.length)));
      const metas = names.filter((n) => n.endsWith(META_EXTENSION)).map((n) => n.slice(0, -META_EXTENSION.length));
      await Promise.all(names.filter((n) => n.endsWith(TEMP_EXTENSION)).map((n) => rm(join(this.dir, n), { force: true }).catch(() => undefined)));
      for (const id of metas) {
        if (!REPLAY_ID_PATTERN.test(id)) continue; // not ours
        const meta = await this.readMeta(id);
        if (!meta || !files.has(id)) {
          this.logger.warn({ event: "replay_index_corrupt", id, dir: this.dir, reason: meta ? "file missing" : "meta unreadable" }, "removing a replay whose index entry is corrupt or incomplete");
          await this.removeFiles(id);
          continue;
        }
        const size = await stat(this.filePath(id)).then((s) => s.size, () => undefined);
        if (size === undefined) {
          await this.removeFiles(id);
          continue;
        }
        this.index.set(id, { ...meta, bytes: size });
      }
      for (const id of files) {
        if (!this.index.has(id) && REPLAY_ID_PATTERN.test(id)) await rm(this.filePath(id), { force: true }).catch(() => undefined);
      }
      await this.trim();
      this.logger.info({ event: "replays_loaded", dir: this.dir, ...this.usage() }, "replay store ready");
    } catch (err) {
      this.logger.error({ event: "replay_dir_unreadable", dir: this.dir, err: err instanceof Error ? err.message : String(err) }, "could not read the replay directory; replays are not served until a put can write there");
    }
  }

  private async readMeta(id: string): Promise<ReplayMeta | undefined> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.metaPath(id), "utf8"));
      return isReplayMeta(parsed) && parsed.id === id ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /** Removes the oldest replays while more than keepCount or keepBytes are kept. */
  private async trim(): Promise<void> {
    let { count, bytes } = this.usage();
    if (count <= this.limits.keepCount && bytes <= this.limits.keepBytes) return;
    const oldestFirst = [...this.index.values()].sort(newestFirst).reverse();
    const removed: string[] = [];
    for (const meta of oldestFirst) {
      if (count <= this.limits.keepCount && bytes <= this.limits.keepBytes) break;
      this.index.delete(meta.id);
      count--;
      bytes -= meta.bytes;
      removed.push(meta.id);
      await this.removeFiles(meta.id);
    }
    this.logger.debug({ event: "replays_trimmed", removed: removed.length, count, bytes }, "oldest replays removed");
  }

  /** The meta first (the replay is no longer listed after a crash here), then the file. Never throws. */
  private async removeFiles(id: string): Promise<void> {
    for (const path of [this.metaPath(id), this.filePath(id)]) {
      await rm(path, { force: true }).catch((err: unknown) => this.logger.error({ event: "replay_remove_failed", path, err }, "could not remove a replay file"));
    }
  }
}

/** Why a put is refused (a bad id, an empty or oversized file), or undefined. */
export function refusal(meta: ReplayMeta, file: Uint8Array, maxFileBytes: number): string | undefined {
  if (typeof meta?.id !== "string" || !REPLAY_ID_PATTERN.test(meta.id)) return "invalid id";
  if (!(file instanceof Uint8Array) || file.byteLength === 0) return "empty file";
  if (file.byteLength > maxFileBytes) return `larger than REPLAY_MAX_FILE_BYTES (${maxFileBytes})`;
  if (!Number.isFinite(Date.parse(meta.startedAt))) return "invalid startedAt";
  return undefined;
}
