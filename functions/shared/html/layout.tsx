import type { ComponentChildren } from "preact";
import { Notice, type NoticeKind } from "./notice";
import { renderDocument } from "./render";
import { KIT_CSS } from "./styles";

/**
 * A plain, phone-first page: no script, no external asset (approvers open these from mail), and it
 * works without JavaScript. `css` adds a page's own rules after the kit's (constant text, never data).
 */
export function Layout({
  title,
  css,
  children,
}: {
  title: string;
  css?: string;
  children: ComponentChildren;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {/* Raw on purpose: a style element's text is not HTML, so escaping would break the CSS. */}
        <style dangerouslySetInnerHTML={{ __html: css ? `${KIT_CSS}${css}` : KIT_CSS }} />
      </head>
      <body>
        <main>{children}</main>
      </body>
    </html>
  );
}

/** A page that says one thing: a refusal, a confirmation. */
export function notice(kind: NoticeKind, title: string, text: ComponentChildren): string {
  return renderDocument(
    <Layout title={title}>
      <h1>{title}</h1>
      <Notice kind={kind}>{text}</Notice>
    </Layout>,
  );
}
