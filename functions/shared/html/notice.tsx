import type { ComponentChildren } from "preact";

export type NoticeKind = "info" | "warn" | "bad" | "good";

/** A boxed message: what happened, or what the reader must know before acting. */
export function Notice({
  kind,
  id,
  children,
}: {
  kind: NoticeKind;
  id?: string;
  children: ComponentChildren;
}) {
  return (
    <p class={kind === "info" ? "notice" : `notice ${kind}`} id={id}>
      {children}
    </p>
  );
}
