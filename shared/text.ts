/**
 * Text rules for names and chat, shared by the server (which enforces them) and the browser (which
 * checks before sending). No imports: this module runs in Node and in the browser alike.
 * The rules and why: docs/reliability.md "Chat and names".
 */

export const NAME_MAX_CHARS = 20;
export const CHAT_MAX_CHARS = 280;
/** Non-spacing and enclosing marks kept on one base character; more are dropped. */
export const MAX_MARKS_PER_BASE = 2;

/**
 * Removed everywhere: control characters, zero-width spaces and word joiners, the byte-order mark,
 * bidi embeddings/overrides/isolates and marks (U+202A–202E, U+2066–2069, U+061C, U+200E/200F),
 * line/paragraph separators (U+2028/2029), invisible operators and the Mongolian vowel separator.
 * ZWJ/ZWNJ are handled apart (kept where they join).
 */
const REMOVED = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
/** Tag characters are invisible; they are kept only inside an emoji tag sequence (subdivision flags). */
const STRAY_TAGS = /(?<!\u{1F3F4}[\u{E0020}-\u{E007F}]*)[\u{E0000}-\u{E007F}]/gu;
const LONE_SURROGATES = /\p{Cs}/gu;
const JOINERS = /[\u200c\u200d]/g;
/** Letters of scripts whose shaping uses ZWJ/ZWNJ (Arabic, Syriac, N'Ko, Mongolian, Brahmic scripts). */
const JOINING_LETTER =
  /[\p{sc=Arabic}\p{sc=Syriac}\p{sc=Nko}\p{sc=Mongolian}\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Gurmukhi}\p{sc=Gujarati}\p{sc=Oriya}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Malayalam}\p{sc=Sinhala}\p{sc=Myanmar}\p{sc=Khmer}\p{sc=Tibetan}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI_TRAIL = /[\ufe0f\p{Emoji_Modifier}]/u;
const STACKING_MARK = /[\p{Mn}\p{Me}]/u;
const MARK = /\p{M}/u;
/** Code points that draw nothing by themselves: whitespace, default-ignorables, blank letters and symbols, marks. */
const BLANK = /^[\s\p{Default_Ignorable_Code_Point}\p{M}\p{Cc}\p{Cf}\p{Cn}\u2800]*$/u;
/** Blank-drawing characters trimmed from both ends (variation selectors stay: they belong to an emoji). */
const EDGE_BLANKS = /^[\s\u00ad\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0]+|[\s\u00ad\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0]+$/gu;

/**
 * The cleaning common to names and chat: NFC; invisible and direction-changing characters removed;
 * ZWJ/ZWNJ kept only between two characters that join; at most MAX_MARKS_PER_BASE stacking marks
 * per base character. Whitespace is left alone.
 */
export function cleanText(raw: string): string {
  const removed = raw.replace(LONE_SURROGATES, "").normalize("NFC").replace(REMOVED, "").replace(STRAY_TAGS, "");
  return boundMarks(keepJoiningJoiners(removed));
}

/** Whether a cleaned text draws nothing visible (only spaces, fillers, ignorables or marks). */
export function rendersBlank(text: string): boolean {
  return BLANK.test(text);
}

/** Length in code points, the unit of every limit. */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Drops ZWJ/ZWNJ unless between joinable characters: emoji (ZWJ sequences) or letters of joining scripts. */
function keepJoiningJoiners(text: string): string {
  return text.replace(JOINERS, (joiner, offset: number) => {
    const before = previousBase(text, offset);
    const after = text.codePointAt(offset + 1);
    if (before === undefined || after === undefined) return "";
    const next = String.fromCodePoint(after);
    if (PICTOGRAPH.test(before) && PICTOGRAPH.test(next)) return joiner;
    if (JOINING_LETTER.test(before) && JOINING_LETTER.test(next)) return joiner;
    return "";
  });
}

/** The base character before `offset`, skipping marks and emoji variation selectors/modifiers. */
function previousBase(text: string, offset: number): string | undefined {
  let i = offset;
  while (i > 0) {
    const low = text.charCodeAt(i - 1);
    const start = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? i - 2 : i - 1;
    const ch = String.fromCodePoint(text.codePointAt(start)!);
    if (!MARK.test(ch) && !EMOJI_TRAIL.test(ch)) return ch;
    i = start;
  }
  return undefined;
}

function boundMarks(text: string): string {
  let out = "";
  let marks = 0;
  for (const ch of text) {
    if (STACKING_MARK.test(ch)) {
      if (++marks > MAX_MARKS_PER_BASE) continue;
    } else {
      marks = 0;
    }
    out += ch;
  }
  return out;
}

export type ChatTextCheck = { ok: true; text: string } | { ok: false; error: { code: "EMPTY_MESSAGE" | "MESSAGE_TOO_LONG"; message: string } };

/** Cleans chat text and checks it: trimmed, visible, 1..CHAT_MAX_CHARS code points. */
export function checkChatText(raw: string): ChatTextCheck {
  const text = cleanText(raw).replace(EDGE_BLANKS, "");
  if (text.length === 0 || rendersBlank(text)) {
    return { ok: false, error: { code: "EMPTY_MESSAGE", message: "Message is empty." } };
  }
  if (codePoints(text) > CHAT_MAX_CHARS) {
    return { ok: false, error: { code: "MESSAGE_TOO_LONG", message: `Message is longer than ${CHAT_MAX_CHARS} characters.` } };
  }
  return { ok: true, text };
}

/** Cleans a player name: the common cleaning, whitespace runs made one space, blank edges trimmed. */
export function cleanName(raw: string): string {
  return cleanText(raw).replace(/\s+/g, " ").replace(EDGE_BLANKS, "");
}

/** Validates a cleaned name: 1..NAME_MAX_CHARS code points that draw something. */
export function isValidName(name: string): boolean {
  const length = codePoints(name);
  return length >= 1 && length <= NAME_MAX_CHARS && !rendersBlank(name);
}
