import type { StoredMessage } from "../../../functions/adapters/local/outbox-table";
import { Layout } from "../../../functions/shared/html/layout";
import { renderDocument } from "../../../functions/shared/html/render";
import { Time } from "../../../functions/shared/html/time";
import { extractLinks } from "./links";

export interface OutboxEntry extends StoredMessage {
  links: string[];
}

export function toEntry(message: StoredMessage): OutboxEntry {
  return { ...message, links: extractLinks(message.html, message.text) };
}

/**
 * The mail's own HTML as a document of its own, raw on purpose: it is what the mail would show, and
 * it only ever runs inside the sandboxed frame below (no scripts, no same-origin). `<base
 * target="_blank">` makes its links open a real tab: the approval pages refuse to be framed.
 */
function MailDocument({ html }: { html: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <base target="_blank" />
      </head>
      <body style="font-family:system-ui,sans-serif;margin:8px" dangerouslySetInnerHTML={{ __html: html }} />
    </html>
  );
}

/** allow-popups-to-escape-sandbox keeps the tab a link opens a normal page whose forms can post. */
function MailFrame({ html }: { html: string }) {
  return (
    <iframe
      title="mail body"
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      srcdoc={renderDocument(<MailDocument html={html} />)}
    />
  );
}

function MessageCard({ entry }: { entry: OutboxEntry }) {
  return (
    <article id={`mail-${entry.id}`}>
      <h2>{entry.subject}</h2>
      <p class="meta">
        To {entry.to.join(", ")} · <Time iso={entry.at} seconds />
      </p>
      <MailFrame html={entry.html} />
      {entry.links.length === 0 ? null : (
        <ul class="links">
          {entry.links.map((url) => (
            <li>
              <a href={url} rel="noreferrer">
                {url}
              </a>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

const CSS = `body{max-width:60rem}
article{border:1px solid #ccc;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
article h2{font-size:1.1rem;margin:.4rem 0}
iframe{width:100%;height:16rem;border:1px solid #eee;resize:vertical}.links{font-size:.9rem;word-break:break-all}`;

export function outboxPage(entries: OutboxEntry[]): string {
  return renderDocument(
    <Layout title={`Outbox (${entries.length})`} css={CSS}>
      <h1>Outbox</h1>
      <p>
        Mails the local runtime would have sent, newest first. <a href="/outbox.json">JSON</a>
      </p>
      {entries.length === 0 ? <p>No mail yet.</p> : entries.map((entry) => <MessageCard entry={entry} />)}
    </Layout>,
  );
}
