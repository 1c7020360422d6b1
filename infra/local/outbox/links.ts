const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Attribute values in mail HTML are entity-escaped (`&amp;` between query parameters); links must be the real URLs. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code =
        ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Closing punctuation that ends a sentence is not part of a bare URL in plain text. */
function trimTrailing(url: string): string {
  return url.replace(/[.,;:!?)\]}'"]+$/, "");
}

/**
 * The http(s) links a reader could click: anchors of the HTML part first (the buttons), then bare
 * URLs of the text part; each once, in order of appearance.
 */
export function extractLinks(html: string, text: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    found.push(decodeEntities((m[1] ?? m[2] ?? m[3] ?? "").trim()));
  }
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+/g)) found.push(trimTrailing(m[0]));
  return [...new Set(found.filter((url) => /^https?:\/\//i.test(url)))];
}
