import { showUnsafeCharacters } from "../../../domain/text";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escaping by hand, left only for the mail bodies in workflow/notify.ts until they use the rendered
 * ones in ./mail.tsx (pages render through ./render.ts, which escapes by itself). NUL, other control
 * characters and bidi overrides are shown as `[U+202E]` instead of being applied.
 */
export function escapeHtml(value: unknown): string {
  return showUnsafeCharacters(String(value), "block").replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
