/** Code points that must never be applied by a reader or reach a mail header, as [first, last] ranges. */
export const BIDI_AND_CONTROLS: [number, number][] = [
  [0x00, 0x08],
  [0x0b, 0x1f],
  [0x7f, 0x9f],
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x2028, 0x2029],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
];

/** The code points of `text` within `ranges`, by name (`U+202E`): listed independently of domain/text.ts. */
export function offending(text: string, ranges: [number, number][] = BIDI_AND_CONTROLS): string[] {
  return [...text]
    .map((c) => c.codePointAt(0) ?? 0)
    .filter((cp) => ranges.some(([lo, hi]) => cp >= lo && cp <= hi))
    .map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`);
}
