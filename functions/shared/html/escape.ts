import { showUnsafeCharacters } from "../../../domain/text";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Every value that reaches HTML goes through here: borrower names and comments are user input. NUL,
 * other control characters and bidi overrides are shown as `[U+202E]` instead of being applied, so a
 * name cannot reorder what the page says around it.
 */
export function escapeHtml(value: unknown): string {
  return showUnsafeCharacters(String(value), "block").replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
