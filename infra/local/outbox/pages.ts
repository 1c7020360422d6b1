import type { StoredMessage } from "../../../functions/adapters/local/outbox-table";
import { escapeHtml } from "../../../functions/shared/html/escape";
import { extractLinks } from "./links";

export interface OutboxEntry extends StoredMessage {
  links: string[];
}

export function toEntry(message: StoredMessage): OutboxEntry {
  return { ...message, links: extractLinks(message.html, message.text) };
}

/**
 * The mail's own HTML runs in a sandboxed frame (no scripts, no same-origin), and `<base
 * target="_blank">` makes its links open a real tab: the approval pages refuse to be framed.
 * allow-popups-to-escape-sandbox keeps that tab a normal page whose forms can post.
 */
function mailFrame(html: string): string {
  const doc = `<!doctype html><meta charset="utf-8"><base target="_blank"><body style="font-family:system-ui,sans-serif;margin:8px">${html}</body>`;
  return `<iframe title="mail body" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(doc)}"></iframe>`;
}

function messageCard(entry: OutboxEntry): string {
  const links =
    entry.links.length === 0
      ? ""
      : `<ul class="links">${entry.links.map((url) => `<li><a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(url)}</a></li>`).join("")}</ul>`;
  return [
    `<article id="mail-${escapeHtml(entry.id)}">`,
    `<h2>${escapeHtml(entry.subject)}</h2>`,
    `<p class="meta">To ${escapeHtml(entry.to.join(", "))} · <time datetime="${escapeHtml(entry.at)}">${escapeHtml(entry.at)}</time></p>`,
    mailFrame(entry.html),
    links,
    "</article>",
  ].join("\n");
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#222}
article{border:1px solid #ccc;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
h2{font-size:1.1rem;margin:.4rem 0}.meta{color:#555;margin:.2rem 0 .6rem}
iframe{width:100%;height:16rem;border:1px solid #eee;resize:vertical}.links{font-size:.9rem;word-break:break-all}`;

export function outboxPage(entries: OutboxEntry[]): string {
  const body = entries.length === 0 ? "<p>No mail yet.</p>" : entries.map(messageCard).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Outbox (${entries.length})</title><style>${STYLE}</style></head>
<body><h1>Outbox</h1><p>Mails the local runtime would have sent, newest first. <a href="/outbox.json">JSON</a></p>
${body}
</body></html>`;
}
