import { renderFragment } from "./render";
import { Time } from "./time";

/**
 * Mail bodies, rendered like the pages (escaped, controls shown as `[U+XXXX]`). Mail clients drop
 * style sheets, so what little styling there is sits on the elements.
 */

const BUTTON =
  "display:inline-block;padding:12px 20px;background:#1a5fb4;color:#fff;border-radius:6px;text-decoration:none";

/** The approver's mail: greeting, the case in a few lines, the button to their signed link, its deadline. */
export function approvalMailHtml(mail: {
  name: string;
  lines: string[];
  url: string;
  expiresAt: string;
}): string {
  return renderFragment(
    <div>
      <p>Dear {mail.name},</p>
      <p>{mail.lines.flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}</p>
      <p>
        <a href={mail.url} style={BUTTON}>
          Review and decide
        </a>
      </p>
      <p style="color:#666">
        Link valid until <Time iso={mail.expiresAt} />. Opening it changes nothing; only the form decides.
      </p>
    </div>,
  );
}

/** A plain-text mail's HTML part: the same text, kept as it is laid out. */
export function preformattedMailHtml(text: string): string {
  return renderFragment(<pre>{text}</pre>);
}
