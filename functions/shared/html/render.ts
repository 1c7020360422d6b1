import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { showUnsafeCharacters } from "../../../domain/text";

/**
 * The only way from a component tree to HTML: pages, mail bodies and fragments all come out here.
 * Preact escapes every text child and attribute value (`dangerouslySetInnerHTML` is the one way
 * around it, and only the layout's style sheet and the local outbox's sandboxed mail frame use it).
 *
 * On top of that, NUL, the other control characters and bidi overrides are shown as `[U+202E]`
 * instead of being applied, so a borrower name cannot reorder what the page says around it. This
 * runs over the whole rendered output rather than value by value, so no component can forget it:
 * the markup itself never holds these characters, so only text nodes and attribute values change
 * (tab and line feed stay; CRLF becomes LF).
 */
export function renderFragment(node: VNode): string {
  return showUnsafeCharacters(renderToString(node), "block");
}

/** A whole page: the doctype, then the tree (a `<Layout>`). */
export function renderDocument(page: VNode): string {
  return `<!doctype html>\n${renderFragment(page)}`;
}
