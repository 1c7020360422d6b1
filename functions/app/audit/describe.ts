import type { RecordedEvent } from "../../../domain";
import { formatMoney } from "../../shared/html/money";

const PAST: Record<string, string> = { approve: "approved", decline: "declined", return: "returned" };

/** One line an auditor reads for an event: who did what, in words. Tampered payloads must not break it. */
export function describeEvent(e: RecordedEvent, nameOf: (id: string) => string): string {
  try {
    switch (e.type) {
      case "CASE_SUBMITTED": {
        const a = e.payload.application;
        return `Submitted application ${a.applicationId} (version ${e.payload.caseVersion}) for ${a.borrower.name}, branch ${a.branch}`;
      }
      case "CASE_ASSESSED": {
        const a = e.payload.assessment;
        const outcome = a.autoDecline
          ? `auto-declined (${a.autoDecline.join(", ")})`
          : `route ${a.route.join(" → ")}; exceptions: ${a.exceptions.map((x) => x.code).join(", ") || "none"}`;
        const book = e.payload.portfolio;
        const caps = book?.breaches.map((b) => b.cap).join(", ");
        const portfolio = book
          ? `; book checked under ${book.planId}${caps ? `: PORTFOLIO_LIMIT on ${caps}, to HEAD_OFFICE` : ""}`
          : "";
        return `Assessed under ${a.policyVersion}: client grade ${a.clientGrade}, score ${a.score} (${a.rating}), limit ${formatMoney(a.maxLimit, "CNY")}, requested ${formatMoney(a.requestedTotal, "CNY")}; ${outcome}${portfolio}`;
      }
      case "STAGE_OPENED":
        return `${e.payload.stage} opened (attempt ${e.payload.attempt}, SLA ${Math.round(e.payload.slaSeconds / 3600)} h): asked ${e.payload.approvals.map((a) => nameOf(a.approverId)).join(", ")}`;
      case "TASK_REBOUND":
        return `${e.payload.stage}: waiting again (attempt ${e.payload.attempt})`;
      case "DECISION_RECORDED": {
        const comment = e.payload.comment ? `: “${e.payload.comment}”` : "";
        return `${nameOf(e.payload.approverId)} ${PAST[e.payload.decision] ?? e.payload.decision} at ${e.payload.stage}${comment}`;
      }
      case "STAGE_DECIDED": {
        const t = e.payload.tally;
        const tally = t ? ` (${t.approve} approve, ${t.decline} decline of ${t.roster})` : "";
        return `${e.payload.stage} closed: ${e.payload.outcome}${tally}`;
      }
      case "STAGE_REASSIGNED":
        return `${e.payload.stage} passed its SLA: reassigned from ${e.payload.from.map(nameOf).join(", ")} to the backup`;
      case "CASE_STALLED":
        return `${e.payload.stage} passed its SLA again: case STALLED, credit administration notified`;
      case "CASE_FINALIZED":
        return `Case ${e.payload.status}${e.payload.reasons.length > 0 ? `: ${e.payload.reasons.join("; ")}` : ""}`;
      case "WORKFLOW_FAILED":
        return `Workflow failed: ${e.payload.error}`;
      case "CASE_RECOVERED":
        return e.payload.action === "WORKFLOW_RESTARTED"
          ? `Recovered: workflow restarted from the recorded state (run ${e.payload.run}): ${e.payload.reason}`
          : `Recovered: approval mail sent again (${e.payload.approvalIds.length}): ${e.payload.reason}`;
      case "DOCUMENT_ATTACHED":
        return `Attached ${e.payload.name} (${e.payload.contentType}, ${e.payload.bytes} bytes, SHA-256 ${e.payload.sha256})`;
      case "EXPOSURE_COMMITTED":
        return `Entered the loan book under ${e.payload.planId}: ${formatMoney(e.payload.exposure.total, "CNY")}${e.payload.acknowledged.length > 0 ? `, past ${e.payload.acknowledged.join(", ")} as head office approved` : ""}`;
      case "PORTFOLIO_COMMIT_REFUSED":
        return `Not entered in the loan book: ${e.payload.refused.map((b) => `${b.cap} has ${formatMoney(b.headroom, "CNY")} headroom for ${formatMoney(b.amount, "CNY")}`).join("; ")}; back to HEAD_OFFICE with PORTFOLIO_LIMIT`;
      case "RESERVATION_RELEASED":
        return `Reservation in the loan book released (${e.payload.reason})`;
      default:
        return `Unknown event type ${(e as { type: string }).type}`;
    }
  } catch {
    return `${e.type} (its payload is not what this event type records)`;
  }
}
