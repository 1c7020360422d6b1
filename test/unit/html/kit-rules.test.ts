import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(path) ? [path] : [];
  });
}

/** Where pages are made: the functions and the local runtime's own pages. */
const PAGE_CODE = [...sources(join(ROOT, "functions")), ...sources(join(ROOT, "infra", "local", "outbox"))];

function where(pattern: RegExp, files = PAGE_CODE): string[] {
  return files
    .filter((file) => pattern.test(readFileSync(file, "utf8")))
    .map((file) => relative(ROOT, file))
    .sort();
}

/** A template literal with a tag and an interpolation, or a tag glued to a value with `+`. */
const HTML_BY_CONCATENATION =
  /`[^`]*<\/?[a-zA-Z][a-zA-Z0-9]*[\s>/][^`]*\$\{|["']<\/?[a-zA-Z][^"']*["']\s*\+|\+\s*["']<\/?[a-zA-Z]/;

describe("pages go through the renderer", () => {
  it("builds no HTML by gluing strings to data", () => {
    expect(where(HTML_BY_CONCATENATION)).toEqual([]);
  });

  it("renders to text in one place, which shows control and bidi characters instead of applying them", () => {
    const everywhere = [...PAGE_CODE, ...sources(join(ROOT, "infra"))];
    expect([...new Set(where(/from "preact-render-to-string"/, everywhere))]).toEqual([
      "functions/shared/html/render.ts",
    ]);
  });

  it("inserts raw HTML only for the style sheet and the local outbox's sandboxed mail frame", () => {
    expect(where(/dangerouslySetInnerHTML=/)).toEqual([
      "functions/shared/html/layout.tsx",
      "infra/local/outbox/pages.tsx",
    ]);
  });

  it("never escapes by hand: the mail bodies render through the kit like the pages", () => {
    expect(where(/\bescapeHtml\(/)).toEqual([]);
  });
});
