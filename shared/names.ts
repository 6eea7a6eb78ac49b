/**
 * Look-alike names: UTS #39 skeletons (the Unicode confusables mapping, from the `unhomoglyph`
 * package) over NFKC, case-folded. Two names with the same skeleton look the same on screen.
 * Kept apart from text.ts so the browser bundle, which only cleans text, does not carry the table.
 */
import unhomoglyph from "unhomoglyph";
import { NAME_MAX_CHARS } from "./text.js";

/** Names only the game itself may use, refused as typed and as look-alikes (any case, spacing or punctuation). */
export const RESERVED_NAMES = ["Server", "System", "Admin", "Administrator", "Moderator", "Mod", "Staff", "Support", "Official", "Orb Arena"] as const;

const INVISIBLE_IN_SKELETON = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]/gu;
const NOT_A_LETTER = /[^\p{L}]/gu;

/**
 * The skeleton of a name: equal skeletons mean the names are confusable. The confusables mapping
 * runs before and after lower-casing (it maps capital I to l, lower-casing maps it to i), and
 * i/l are then folded together so "ADMIN", "Admin" and "AdmIn" all match.
 */
export function nameSkeleton(name: string): string {
  const mapped = unhomoglyph(name.normalize("NFKC").normalize("NFD"));
  const folded = unhomoglyph(mapped.toLowerCase()).normalize("NFD").replace(/i/g, "l");
  return folded.replace(INVISIBLE_IN_SKELETON, "").replace(/\s+/g, " ").trim();
}

const RESERVED_LETTERS = new Set(RESERVED_NAMES.map((n) => lettersOf(nameSkeleton(n))));

function lettersOf(skeleton: string): string {
  return skeleton.replace(NOT_A_LETTER, "");
}

/** Whether a name is, or looks like, a reserved name ("Server", "ЅYSTEM", "[admin]", "A d m i n"…). */
export function isReservedName(name: string): boolean {
  return RESERVED_LETTERS.has(lettersOf(nameSkeleton(name)));
}

/**
 * `name` if no skeleton in `taken` matches it, else the first free "name 2", "name 3", … (the name
 * shortened by whole characters to stay within NAME_MAX_CHARS). A joining player is never refused
 * for a name someone else has.
 */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(nameSkeleton(name))) return name;
  for (let n = 2; ; n++) {
    const suffix = ` ${n}`;
    const candidate = `${truncateGraphemes(name, NAME_MAX_CHARS - suffix.length)}${suffix}`;
    if (!taken.has(nameSkeleton(candidate))) return candidate;
  }
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The longest prefix of whole grapheme clusters with at most `max` code points. */
function truncateGraphemes(text: string, max: number): string {
  let out = "";
  let length = 0;
  for (const { segment } of segmenter.segment(text)) {
    const size = [...segment].length;
    if (length + size > max) break;
    out += segment;
    length += size;
  }
  return out.trimEnd();
}
