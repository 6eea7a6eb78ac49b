/**
 * `npm run bench:report [-- --doc FILE]` — rewrites the generated sections of docs/performance.md, docs/replays.md, docs/scaling.md and
 * README.md (or FILE) from the benchmark JSON each section names (bench/report/performanceDoc.ts):
 * the figures in the manual come from a run's file, never from hand-copying.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderSection, rewriteSections, sectionsOf, type ResultsFile } from "./report/performanceDoc.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({ options: { doc: { type: "string", multiple: true } } });
const docs = values.doc ?? ["docs/performance.md", "docs/replays.md", "docs/scaling.md", "README.md"];
const cache = new Map<string, ResultsFile>();
const load = (source: string) => {
  if (!cache.has(source)) cache.set(source, JSON.parse(readFileSync(resolve(root, source), "utf8")) as ResultsFile);
  return cache.get(source)!;
};
for (const name of docs) {
  const path = resolve(root, name);
  const doc = readFileSync(path, "utf8");
  const next = rewriteSections(doc, (kind, source) =>
    existsSync(resolve(root, source)) ? renderSection(kind, load(source), source) : `No \`${source}\` yet: run the benchmark with \`--keep-as\` (docs/performance.md, "Reproduce").`,
  );
  if (next !== doc) writeFileSync(path, next);
  console.log(`${name}: ${sectionsOf(doc).map((s) => `${s.kind} from ${s.source}`).join(", ") || "no bench sections"}${next === doc ? " (unchanged)" : " rewritten"}`);
}
