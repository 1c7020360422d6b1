/**
 * Characters that change how text is read rather than what it says. Refused at input where they have
 * no business (names, ids, regions: see application/schema.ts), and shown as a visible `[U+202E]` on
 * output (pages, mails, mail headers), so a value that got in another way is seen, never applied.
 */

type Range = readonly [first: number, last: number];

/** C0 controls (NUL, CR, LF, ESC…), DEL and the C1 controls (NEL…). */
const CONTROLS: readonly Range[] = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
];

/**
 * Bidirectional formatting: the Arabic letter mark, LRM/RLM, the embeddings and overrides
 * (U+202A–U+202E: "Trojan Source") and the isolates (U+2066–U+2069).
 */
const BIDI: readonly Range[] = [
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
];

/** Unicode's own line and paragraph separators: line breaks to many renderers and parsers. */
const SEPARATORS: readonly Range[] = [[0x2028, 0x2029]];

const TAB = 0x09;
const LF = 0x0a;

/** Where the text goes decides what is allowed through. */
export type TextUse =
  /** One line: a name, an id, a mail subject. Nothing of the above, not even a tab. */
  | "line"
  /** Free text over several lines (a description, a comment, a mail body): tab and LF stay. */
  | "block";

function inRanges(cp: number, ranges: readonly Range[]): boolean {
  return ranges.some(([first, last]) => cp >= first && cp <= last);
}

function isSurrogate(cp: number): boolean {
  return cp >= 0xd800 && cp <= 0xdfff;
}

/** Whether this code point must not appear as such in text meant for `use`. */
function unsafe(cp: number, use: TextUse): boolean {
  if (use === "block" && (cp === TAB || cp === LF)) return false;
  // A lone surrogate is not a character at all: it would not survive UTF-8 storage unchanged.
  return inRanges(cp, CONTROLS) || inRanges(cp, BIDI) || inRanges(cp, SEPARATORS) || isSurrogate(cp);
}

/** `U+202E`: how a code point is named in messages and shown on output. */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Space to tilde: none of it is unsafe for any use, and most names and ids are nothing else. */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** The first character not allowed in text meant for `use`, by name, or undefined when the text is clean. */
export function firstUnsafeCharacter(text: string, use: TextUse): string | undefined {
  // One regex test clears the common case; the walk below costs a closure call per character, and
  // every name and id of every application passes here.
  if (PRINTABLE_ASCII.test(text)) return undefined;
  // for…of walks code points, so a well-formed pair is one character and a lone surrogate stands alone.
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (unsafe(cp, use)) return codePointName(cp);
  }
  return undefined;
}

/**
 * The text with every character not allowed for `use` replaced by its visible name (`[U+202E]`).
 * For "block", CRLF becomes LF first: it is a line break, not an attack.
 */
export function showUnsafeCharacters(text: string, use: TextUse): string {
  const source = use === "block" ? text.replace(/\r\n/g, "\n") : text;
  let out = "";
  for (const ch of source) {
    const cp = ch.codePointAt(0) ?? 0;
    out += unsafe(cp, use) ? `[${codePointName(cp)}]` : ch;
  }
  return out;
}
