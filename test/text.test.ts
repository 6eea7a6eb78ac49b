import assert from "node:assert/strict";
import { isReservedName, nameSkeleton, uniqueName } from "../shared/names.js";
import { CHAT_MAX_CHARS, MAX_MARKS_PER_BASE, NAME_MAX_CHARS, checkChatText, cleanName, codePoints, isValidName } from "../shared/protocol.js";

const ZWJ = "\u200d";
const ZWNJ = "\u200c";
const hex = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16)).join(" ");

describe("text rules: cleaning", () => {
  it("strips bidi embeddings, overrides, isolates and marks, and line/paragraph separators", () => {
    for (const ch of ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\u200e", "\u200f", "\u2028", "\u2029"]) {
      assert.equal(cleanName(`ab${ch}cd`), "abcd", `U+${hex(ch)} in a name`);
      const chat = checkChatText(`hi${ch}there`);
      assert.ok(chat.ok);
      assert.equal(chat.text, "hithere", `U+${hex(ch)} in chat`);
    }
    // A right-to-left override cannot reverse the rest of a line.
    assert.equal(cleanName("\u202eevil.exe"), "evil.exe");
  });

  it("keeps ZWJ inside emoji sequences", () => {
    for (const emoji of ["👨‍👩‍👧", "👩‍🦰", "🏳️‍🌈", "❤️‍🔥", "🧑🏽‍🚀", "🏃‍♂️", "👁️‍🗨️"]) {
      assert.ok(emoji.includes(ZWJ));
      const chat = checkChatText(`look ${emoji}!`);
      assert.ok(chat.ok);
      assert.equal(chat.text, `look ${emoji}!`, `${emoji} (${hex(emoji)}) kept whole`);
      assert.equal(cleanName(emoji), emoji);
    }
    // Subdivision flags keep their tag characters; stray tags (invisible text) are removed.
    assert.equal(cleanName("🏴󠁧󠁢󠁳󠁣󠁴󠁿"), "🏴󠁧󠁢󠁳󠁣󠁴󠁿");
    assert.equal(cleanName("a\u{E0041}\u{E0042}b"), "ab");
  });

  it("keeps ZWNJ/ZWJ in Persian, Arabic and Indic words", () => {
    const persian = `می${ZWNJ}خواهم`; // "I want": the ZWNJ keeps می apart from the verb
    const chat = checkChatText(persian);
    assert.ok(chat.ok);
    assert.equal(chat.text, persian);
    assert.equal(cleanName(`نامه${ZWNJ}ها`), `نامه${ZWNJ}ها`);
    const devanagari = `क्${ZWJ}ष`; // half form of KA
    assert.equal(cleanName(devanagari), devanagari);
    const malayalam = `ന്${ZWJ}`; // chillu written with ZWJ at a word end is a non-joining place
    assert.equal(cleanName(`${malayalam}x`), "ന്x");
    const bengali = `র্${ZWJ}য`;
    assert.equal(cleanName(bengali), bengali);
  });

  it("strips ZWJ/ZWNJ where nothing joins", () => {
    assert.equal(cleanName(`a${ZWJ}b`), "ab", "between Latin letters");
    assert.equal(cleanName(`${ZWJ}Ann`), "Ann", "at the start");
    assert.equal(cleanName(`Ann${ZWNJ}`), "Ann", "at the end");
    assert.equal(cleanName(`😀${ZWJ}a`), "😀a", "emoji then a letter");
    assert.equal(cleanName(`م${ZWJ}${ZWJ}${ZWJ}ن`), "من", "a run of joiners");
  });

  it(`bounds stacking combining marks to ${MAX_MARKS_PER_BASE} per base character`, () => {
    const zalgo = `a${"\u0301".repeat(19)}`;
    const name = cleanName(zalgo);
    // Counted after NFC composition: a + acute is the one letter á, then at most two more marks.
    assert.equal(name, "á\u0301\u0301");
    assert.equal(codePoints(name), 1 + MAX_MARKS_PER_BASE);
    const line = checkChatText(`x${"\u0336\u0337\u0338".repeat(50)}y${"\u0489".repeat(9)}`);
    assert.ok(line.ok);
    assert.equal(line.text, "x\u0336\u0337y\u0489\u0489");
    // Ordinary accents and Vietnamese/Hindi text are untouched.
    for (const word of ["Việt Nam", "Renée", "हिन्दी", "Ελληνικά", "ﬁ"]) assert.equal(cleanName(word), word.normalize("NFC"));
  });

  it("refuses names and chat lines that render blank", () => {
    for (const blank of ["\u3164", "\u3164\u3164\u3164", "\u2800", "\u2800\u2800", "\u115f\u1160", "\uffa0", "\u00ad", "\u034f", "\u0301\u0301", "\u200b\u2060"]) {
      assert.equal(isValidName(cleanName(blank)), false, `name U+${hex(blank)}`);
      const chat = checkChatText(blank);
      assert.equal(chat.ok, false, `chat U+${hex(blank)}`);
      assert.equal(!chat.ok && chat.error.code, "EMPTY_MESSAGE");
    }
    assert.equal(checkChatText("\u0301".repeat(CHAT_MAX_CHARS)).ok, false, "280 combining marks and nothing else");
    assert.ok(isValidName(cleanName("Ann\u3164")) && cleanName("Ann\u3164") === "Ann", "blank filler trimmed from the end");
  });

  it("keeps limits in code points after cleaning", () => {
    assert.ok(isValidName("x".repeat(NAME_MAX_CHARS)));
    assert.equal(isValidName("x".repeat(NAME_MAX_CHARS + 1)), false);
    assert.ok(checkChatText("😀".repeat(CHAT_MAX_CHARS)).ok);
    const long = checkChatText("y".repeat(CHAT_MAX_CHARS + 1));
    assert.equal(!long.ok && long.error.code, "MESSAGE_TOO_LONG");
    assert.equal(cleanName("a\ud800b"), "ab", "lone surrogates dropped");
  });
});

describe("text rules: look-alike and reserved names", () => {
  it("gives a name and its look-alikes one skeleton (NFKC, confusables, case)", () => {
    const same = (a: string, b: string) => assert.equal(nameSkeleton(a), nameSkeleton(b), `${a} (${hex(a)}) ~ ${b}`);
    same("Ann", "\u0410nn"); // Cyrillic А
    same("Ann", "ANN");
    same("Ann", "Ａｎｎ"); // fullwidth
    same("Paypal", "Pаypаl");
    same("ADMIN", "AdmIn");
    same("rn", "m");
    same("Ann", "Ann\u3164"); // a trailing filler adds nothing visible
    assert.notEqual(nameSkeleton("Ann"), nameSkeleton("Anne"));
    assert.notEqual(nameSkeleton("Ann"), nameSkeleton("Bob"));
  });

  it("refuses reserved names, as typed and as look-alikes", () => {
    for (const name of ["Server", "System", "Admin", "Moderator", "SERVER", "system", "Ѕуѕtеm", "Ꭺdmin", "[Admin]", "A d m i n", "Moderator!", "ＳＥＲＶＥＲ", "Serv\u0435r"]) {
      assert.equal(isReservedName(cleanName(name)), true, `${name} (${hex(name)})`);
    }
    for (const name of ["Ann", "Serve", "Systematic", "Admiral", "Admin Joe", "Guest", "Modest"]) assert.equal(isReservedName(name), false, name);
  });

  it("numbers a taken or look-alike name, within the length limit, never refusing", () => {
    const taken = new Set(["Ann", "Ann 2", "x".repeat(NAME_MAX_CHARS)].map(nameSkeleton));
    assert.equal(uniqueName("Bob", taken), "Bob");
    assert.equal(uniqueName("Ann", taken), "Ann 3");
    assert.equal(uniqueName("\u0410nn", taken), "\u0410nn 3");
    const long = uniqueName("x".repeat(NAME_MAX_CHARS), taken);
    assert.equal(long, `${"x".repeat(NAME_MAX_CHARS - 2)} 2`);
    assert.ok(isValidName(long));
    // Shortening cuts whole emoji sequences, never inside one.
    const family = "👨‍👩‍👧";
    const emojiName = `${"y".repeat(NAME_MAX_CHARS - 5)}${family}`.slice(0, 100);
    const numbered = uniqueName(emojiName, new Set([nameSkeleton(emojiName)]));
    assert.ok(!numbered.includes(ZWJ) || numbered.includes(family), numbered);
  });
});
