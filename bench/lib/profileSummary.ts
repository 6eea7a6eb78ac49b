/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package,
 * so "where does the server's time go" is one table. Usage: node --import tsx bench/lib/profileSummary.ts file.cpuprofile [top]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  share: number;
}

function packageOf(url: string): string {
  if (!url) return "(native/gc/idle)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node:" + url.slice(5).split("/")[0];
  const m = /\/work\/[^/]+\/(.+)$/.exec(url) ?? /([^/]+\/[^/]+)$/.exec(url);
  return m ? m[1]!.split("/").slice(0, 2).join("/") : url;
}

export function summarise(path: string, top = 25): { byFunction: ProfileLine[]; byPackage: ProfileLine[]; totalMs: number } {
  const profile = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    total += us;
    const key = `${functionName || "(anonymous)"} ${url ? `${packageOf(url)}:${lineNumber + 1}` : ""}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const p = functionName === "(garbage collector)" ? "(gc)" : packageOf(url);
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  const lines = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: Math.round(us / 100) / 10, share: Math.round((us / total) * 1000) / 10 }));
  return { byFunction: lines(fn), byPackage: lines(pkg), totalMs: Math.round(total / 1000) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const s = summarise(process.argv[2]!, Number(process.argv[3] ?? 30));
  console.log(`busy ${s.totalMs} ms (idle excluded)`);
  console.log("\nby package:");
  for (const l of s.byPackage) console.log(`  ${String(l.share).padStart(5)} %  ${l.name}`);
  console.log("\nby function (self time):");
  for (const l of s.byFunction) console.log(`  ${String(l.share).padStart(5)} %  ${l.name}`);
}

/** Inclusive time of every function whose name matches, without double counting recursion. */
export function inclusive(path: string, names: string[]): Record<string, number> {
  const profile = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const fn = byId.get(cur)!.callFrame.functionName;
      if (names.includes(fn) && !seen.has(fn)) {
        seen.add(fn);
        out[fn]! += (profile.timeDeltas[i] ?? 0) / 1000;
      }
    }
  });
  return out;
}
