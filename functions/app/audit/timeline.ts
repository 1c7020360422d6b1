import { asRecorded, type EventCheck } from "../../../domain";
import type { CaseAudit } from "./case-audit";
import { describeEvent } from "./describe";

/** One line of the auditor's timeline: a stored item, or a gap where the verifier found one missing. */
export interface TimelineRow {
  key: string;
  seq: number | null;
  at: string;
  actor: string;
  actorName: string;
  type: string;
  what: string;
  /** The policy version in force for the case version this event belongs to, once it was assessed. */
  policyVersion: string | null;
  check: EventCheck;
  anchoredIn: string[];
  /** Why the event did not verify, when it is the one a problem names. */
  problem: string | null;
  hash: string;
  prevHash: string;
}

export function timeline(audit: CaseAudit, nameOf: (id: string) => string): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let policyVersion: string | null = null;
  const problemAt = (seq: number | null) =>
    audit.verdict.problems.find((p) => p.seq === seq)?.message ?? null;
  audit.trail.items.forEach((item, i) => {
    const verdict = audit.verdict.events[i];
    const e = item.event;
    if (e?.type === "CASE_SUBMITTED") policyVersion = null;
    if (e?.type === "CASE_ASSESSED") {
      const v = (e.payload as { assessment?: { policyVersion?: unknown } }).assessment?.policyVersion;
      policyVersion = typeof v === "string" ? v : null;
    }
    const seq = verdict?.seq ?? item.position;
    rows.push({
      key: item.key,
      seq,
      at: e?.at ?? "",
      actor: e?.actor ?? "",
      actorName: e ? nameOf(e.actor) : "",
      type: e?.type ?? "(malformed item)",
      what: e
        ? describeEvent(asRecorded(e), nameOf)
        : `Not a well-formed event: ${item.malformed ?? "unreadable"}`,
      policyVersion,
      check: verdict?.check ?? "UNVERIFIED",
      anchoredIn: verdict?.anchoredIn ?? [],
      problem:
        verdict && verdict.check !== "VERIFIED" && verdict.check !== "UNVERIFIED" ? problemAt(seq) : null,
      hash: e?.hash ?? "",
      prevHash: e?.prevHash ?? "",
    });
  });
  // A missing event has no item to carry its badge: it gets a row of its own, where it belongs.
  for (const p of audit.verdict.problems) {
    if (p.kind !== "MISSING" || rows.some((r) => r.seq === p.seq && r.check === "MISSING")) continue;
    const at = rows.findIndex((r) => (r.seq ?? 0) > p.seq);
    const gap: TimelineRow = {
      key: "(missing)",
      seq: p.seq,
      at: "",
      actor: "",
      actorName: "",
      type: "(missing)",
      what: p.message,
      policyVersion: null,
      check: "MISSING",
      anchoredIn: [],
      problem: p.message,
      hash: "",
      prevHash: "",
    };
    if (at < 0) rows.push(gap);
    else rows.splice(at, 0, gap);
  }
  return rows;
}
