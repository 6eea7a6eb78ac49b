/**
 * `npm run bench:report [-- --doc docs/performance.md]` — rewrites the generated sections of the
 * performance document from the benchmark JSON each section names (bench/report/performanceDoc.ts):
 * the figures in the manual come from a run's file, never from hand-copying.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderSection, rewriteSections, sectionsOf, type ResultsFile } from "./report/performanceDoc.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({ options: { doc: { type: "string", default: "docs/performance.md" } } });
const docPath = resolve(root, values.doc);
const doc = readFileSync(docPath, "utf8");
const cache = new Map<string, ResultsFile>();
const load = (source: string) => {
  if (!cache.has(source)) cache.set(source, JSON.parse(readFileSync(resolve(root, source), "utf8")) as ResultsFile);
  return cache.get(source)!;
};
const next = rewriteSections(doc, (kind, source) => renderSection(kind, load(source), source));
writeFileSync(docPath, next);
console.log(`${values.doc}: ${sectionsOf(doc).map((s) => `${s.kind} from ${s.source}`).join(", ") || "no bench sections"}${next === doc ? " (unchanged)" : " rewritten"}`);
