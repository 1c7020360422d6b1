/**
 * Just enough Markdown for the documentation tests: fenced blocks, headings as GitHub anchors them,
 * and links (inline and reference-style), so a test can check that what the documents point at exists.
 */

export interface Fence {
  /** The info string after the opening fence (`json`, `sh`, …), empty when none. */
  lang: string;
  body: string;
  /** Offsets of the whole block (fences included) in the document. */
  start: number;
  end: number;
}

const FENCE = /^```([^\n`]*)\n([\s\S]*?)^```[ \t]*$/gm;

export function fences(markdown: string): Fence[] {
  return [...markdown.matchAll(FENCE)].map((m) => ({
    lang: (m[1] ?? "").trim(),
    body: m[2] ?? "",
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
}

/** The text outside fenced blocks: a `[x](y)` or a `# heading` inside code is not one. */
export function prose(markdown: string): string {
  return markdown.replace(FENCE, "");
}

/** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = (m[1] ?? "")
      .toLowerCase()
      .replace(/<[^>]+>/g, "")
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

// Link text may hold one level of brackets, as in [`salesGrades.bands[0]`][v2].
const TEXT = String.raw`((?:[^\[\]\n]|\[[^\]\n]*\])*)`;
const INLINE = new RegExp(String.raw`!?\[${TEXT}\]\(([^)\s]+)(?:\s+"[^"]*")?\)`, "g");
const REFERENCE_USE = new RegExp(String.raw`\[${TEXT}\]\[([^\]\n]+)\]`, "g");
const DEFINITION = /^\[([^\]\n]+)\]:[ \t]*(\S+)/gm;

/**
 * Every link of `markdown` with its target; a reference to an undefined label has target null.
 * Reference labels are looked up in `document` (the whole file, when `markdown` is one section of it).
 */
export function links(
  markdown: string,
  document: string = markdown,
): { text: string; target: string | null; label?: string }[] {
  const text = prose(markdown);
  const definitions = new Map(
    [...prose(document).matchAll(DEFINITION)].map((m) => [(m[1] ?? "").toLowerCase(), m[2] ?? ""]),
  );
  const inline = [...text.matchAll(INLINE)].map((m) => ({ text: m[1] ?? "", target: m[2] ?? "" }));
  const referenced = [...text.matchAll(REFERENCE_USE)].map((m) => {
    const label = m[2] ?? "";
    return { text: m[1] ?? "", target: definitions.get(label.toLowerCase()) ?? null, label };
  });
  const defined = [...text.matchAll(DEFINITION)].map((m) => ({ text: m[1] ?? "", target: m[2] ?? "" }));
  return [...inline, ...referenced, ...defined];
}

export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

/** `limits.caps.A`, `salesGrades.bands[3].revenueAtMost` → its segments; null when not a field path. */
export function fieldPath(text: string): (string | number)[] | null {
  const m = /^`([A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*)`$/.exec(text.trim());
  if (!m?.[1]) return null;
  return [...m[1].matchAll(/([\w-]+)|\[(\d+)\]/g)].map((s) =>
    s[2] !== undefined ? Number(s[2]) : (s[1] ?? ""),
  );
}

/** The value at a path, or undefined when the path does not exist. */
export function valueAt(json: unknown, path: readonly (string | number)[]): unknown {
  let here: unknown = json;
  for (const segment of path) {
    if (here === null || typeof here !== "object") return undefined;
    if (Array.isArray(here) && typeof segment !== "number") return undefined;
    if (!Object.hasOwn(here, segment)) return undefined;
    here = (here as Record<string | number, unknown>)[segment];
  }
  return here;
}

/** The paths at which two JSON values differ: a key or element present in one only, or unequal leaves. */
export function differences(a: unknown, b: unknown, path: (string | number)[] = []): (string | number)[][] {
  const object = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return a.flatMap((x, i) => differences(x, b[i], [...path, i]));
  if (object(a) && object(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) =>
      Object.hasOwn(a, k) && Object.hasOwn(b, k) ? differences(a[k], b[k], [...path, k]) : [[...path, k]],
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}
