import { type CaseState, type RecordedEvent, recordedAssessment } from "../../../domain";
import type { ApprovalRecord } from "../../app/ports";
import { MAX_COMMENT_CHARS } from "../../app/workflow/decide";
import { stageName } from "../../app/workflow/notify";
import { escapeHtml } from "./escape";
import { page } from "./layout";

function row(label: string, value: string): string {
  return `<tr><th>${escapeHtml(label)}</th><td class="num">${escapeHtml(value)}</td></tr>`;
}

function routeList(state: CaseState, current: string): string {
  const items = state.stages.map((s) => {
    const cls = s.outcome === "approve" ? "done" : s.stage === current ? "current" : "";
    const mark = s.outcome === "approve" ? " ✓ approved" : s.stage === current ? " ← this decision" : "";
    return `<li class="${cls}">${escapeHtml(stageName(s.stage))}${escapeHtml(mark)}</li>`;
  });
  return `<ol class="route">${items.join("")}</ol>`;
}

function decisionsSoFar(events: RecordedEvent[]): string {
  const rows = events
    .filter((e) => e.type === "DECISION_RECORDED")
    .map((e) =>
      e.type === "DECISION_RECORDED"
        ? `<tr><td>${escapeHtml(stageName(e.payload.stage))}</td><td>${escapeHtml(e.payload.approverId)}</td><td>${escapeHtml(e.payload.decision)}</td><td>${escapeHtml(e.payload.comment)}</td></tr>`
        : "",
    );
  if (rows.length === 0) return "<p>No decisions yet.</p>";
  return `<table><tr><th>Stage</th><th>Who</th><th>Decision</th><th>Comment</th></tr>${rows.join("")}</table>`;
}

/**
 * Exceptions or conditions with their messages, from the recorded assessment; the codes alone when
 * only the projection has them.
 */
function findingList(codes: string[], findings: { code: string; message: string }[] | undefined): string {
  if (codes.length === 0) return "<p>None.</p>";
  const items = findings
    ? findings.map((f) => `<li><strong>${escapeHtml(f.code)}</strong> — ${escapeHtml(f.message)}</li>`)
    : codes.map((c) => `<li><strong>${escapeHtml(c)}</strong></li>`);
  return `<ul class="findings">${items.join("")}</ul>`;
}

/** GET /approvals/{id}: the case as the approver needs to judge it, and the form. Never decides. */
export function approvalPage(
  state: CaseState,
  events: RecordedEvent[],
  approval: ApprovalRecord,
  form: { action: string; csrf: string; hidden: Record<string, string> },
): string {
  const a = state.assessment;
  const recorded = recordedAssessment(events, state.caseVersion);
  const hidden = Object.entries(form.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  const committee = approval.stage === "COMMITTEE";
  const buttons = [
    `<button class="approve" name="decision" value="approve">${committee ? "Vote approve" : "Approve"}</button>`,
    `<button class="decline" name="decision" value="decline">${committee ? "Vote decline" : "Decline"}</button>`,
    ...(committee ? [] : [`<button name="decision" value="return">Return for revision</button>`]),
  ].join("");
  const body = `
<h1>${escapeHtml(stageName(approval.stage))}: ${escapeHtml(state.borrowerName)}</h1>
<p class="notice${state.stalled ? " warn" : ""}">Case ${escapeHtml(state.caseId)} · application ${escapeHtml(state.applicationId)} (version ${state.caseVersion}) · branch ${escapeHtml(state.branch)} · submitted by ${escapeHtml(state.submittedBy)}${state.stalled ? " · STALLED" : ""}</p>
<h2>Assessment</h2>
<table>
${
  a
    ? [
        row("Requested total (CNY)", a.requestedTotal),
        row("Max limit (CNY)", a.maxLimit),
        row("Secured value (CNY)", a.securedValue),
        row("Minimum coverage", `${a.minCoverage}`),
        row("Collateral supports (CNY)", a.collateralSupportedLimit),
        row("Client grade", a.clientGrade),
        row("Sales grade", a.salesGrade === null ? "not SME" : String(a.salesGrade)),
        row("Score / rating / PD", `${a.score} / ${a.rating} / ${a.pdBand}`),
        row("Policy", a.policyVersion),
      ].join("")
    : row("Assessment", "not available")
}
</table>
<h2>Exceptions</h2>
${findingList(a?.exceptions ?? [], recorded?.exceptions)}
${
  // Policies without conditions (2026.1 and before) show no conditions section at all.
  a?.conditions
    ? `<h2>Conditions of approval</h2>
<p>Approving this case approves it with these terms.</p>
${findingList(a.conditions, recorded?.conditions)}`
    : ""
}
<h2>Route</h2>
${routeList(state, approval.stage)}
<h2>Decisions so far</h2>
${decisionsSoFar(events)}
<h2>Your decision</h2>
<form method="post" action="${escapeHtml(form.action)}">
${hidden}<input type="hidden" name="csrf" value="${escapeHtml(form.csrf)}">
<label for="comment">Comment (required to decline${committee ? "" : " or return"})</label>
<textarea id="comment" name="comment" maxlength="${MAX_COMMENT_CHARS}"></textarea>
<div class="actions">${buttons}</div>
</form>
<p style="color:#666">This link is for ${escapeHtml(approval.approverId)} and expires ${escapeHtml(approval.expiresAt)}.</p>`;
  return page(`${stageName(approval.stage)} — ${state.borrowerName}`, body);
}
