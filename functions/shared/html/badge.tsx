import type { ComponentChildren } from "preact";
import type { CaseStatus } from "../../../domain";

export type Tone = "info" | "good" | "warn" | "bad";

/** A short coloured label; the words carry the meaning, the colour only repeats it. */
export function Badge({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return <span class={`pill ${tone}`}>{children}</span>;
}

const STATUS: Record<CaseStatus, { tone: Tone; text: string }> = {
  SUBMITTED: { tone: "info", text: "Submitted" },
  IN_APPROVAL: { tone: "info", text: "In approval" },
  STALLED: { tone: "warn", text: "Stalled" },
  APPROVED: { tone: "good", text: "Approved" },
  DECLINED: { tone: "bad", text: "Declined" },
  RETURNED: { tone: "warn", text: "Returned" },
  FAILED: { tone: "bad", text: "Failed" },
  WITHDRAWN: { tone: "info", text: "Withdrawn" },
};

/** A case's status in words, with the status code in a data attribute for tools and tests. */
export function StatusBadge({ status }: { status: CaseStatus }) {
  const s = STATUS[status] ?? { tone: "warn", text: status };
  return (
    <span class={`pill ${s.tone}`} data-status={status}>
      {s.text}
    </span>
  );
}
