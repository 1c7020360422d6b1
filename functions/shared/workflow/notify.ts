import type { CaseState } from "../../../domain";
import { escapeHtml } from "../html/escape";
import { approvalUrl, signLink } from "../links";
import type { NewApproval, WorkflowDeps } from "./ports";

const STAGE_NAMES: Record<string, string> = {
  MANAGER: "Manager review",
  BRANCH_CREDIT: "Branch credit review",
  COMMITTEE: "Credit committee vote",
  HEAD_OFFICE: "Head-office exception approval",
};

export function stageName(stage: string): string {
  return STAGE_NAMES[stage] ?? stage;
}

export function linkFor(deps: WorkflowDeps, a: NewApproval): string {
  const expiresAt = Math.floor(new Date(a.expiresAt).getTime() / 1000);
  const sig = signLink(
    { approvalId: a.approvalId, approverId: a.approverId, stage: a.stage, expiresAt },
    deps.links.signingKey(),
  );
  return approvalUrl(deps.links.publicBaseUrl, a.approvalId, a.approverId, a.stage, expiresAt, sig);
}

function summaryLines(state: CaseState): string[] {
  const a = state.assessment;
  if (!a) return [];
  return [
    `Case ${state.caseId}, version ${state.caseVersion}`,
    `Borrower: ${state.borrowerName} (${state.applicationId}, branch ${state.branch})`,
    `Requested: ${a.requestedTotal} CNY · max limit ${a.maxLimit} · secured ${a.securedValue}`,
    `Client grade ${a.clientGrade} · rating ${a.rating} (score ${a.score}) · PD ${a.pdBand}`,
    `Exceptions: ${a.exceptions.length > 0 ? a.exceptions.join(", ") : "none"}`,
  ];
}

/**
 * One mail per approver: their own signed link (phone-friendly), the summary, the deadline. Each sent
 * mail is marked on its approval; a crash between the two sends that one mail again (at least once).
 */
export async function sendApprovalMails(
  deps: WorkflowDeps,
  state: CaseState,
  approvals: NewApproval[],
): Promise<string[]> {
  const mailed: string[] = [];
  for (const a of approvals) {
    const to = deps.directory.emailOf(a.approverId);
    if (!to) continue;
    const url = linkFor(deps, a);
    const lines = summaryLines(state);
    const title = `${stageName(a.stage)}: ${state.borrowerName} — ${state.assessment?.requestedTotal ?? ""} CNY`;
    await deps.mailer.send({
      to: [to],
      subject: `[Credit] ${title}`,
      text: [
        `Dear ${deps.directory.nameOf(a.approverId)},`,
        "",
        ...lines,
        "",
        `Review and decide: ${url}`,
        `Link valid until ${a.expiresAt}.`,
      ].join("\n"),
      html: [
        `<p>Dear ${escapeHtml(deps.directory.nameOf(a.approverId))},</p>`,
        `<p>${lines.map(escapeHtml).join("<br>")}</p>`,
        `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;background:#1a5fb4;color:#fff;border-radius:6px;text-decoration:none">Review and decide</a></p>`,
        `<p style="color:#666">Link valid until ${escapeHtml(a.expiresAt)}. Opening it changes nothing; only the form decides.</p>`,
      ].join("\n"),
    });
    await deps.approvals.markMailed(a.approvalId, deps.now().toISOString());
    mailed.push(a.approvalId);
  }
  return mailed;
}

/** The mails of these approvals that never went out (still pending, never marked as mailed). */
export async function sendUnmailed(
  deps: WorkflowDeps,
  state: CaseState,
  approvalIds: readonly string[],
): Promise<string[]> {
  const records = await Promise.all(approvalIds.map((id) => deps.approvals.get(id)));
  const unmailed = records.filter(
    (a): a is NonNullable<typeof a> => a?.status === "PENDING" && a.mailedAt === undefined,
  );
  return sendApprovalMails(deps, state, unmailed);
}

export async function notifyCreditAdmin(
  deps: WorkflowDeps,
  state: CaseState,
  subject: string,
): Promise<void> {
  const to = deps.directory
    .creditAdmins(state.branch)
    .map((id) => deps.directory.emailOf(id))
    .filter((x): x is string => x !== undefined);
  if (to.length === 0) return;
  const text = [
    subject,
    "",
    ...summaryLines(state),
    "",
    `Case: ${deps.links.publicBaseUrl}/cases/${state.caseId}`,
  ].join("\n");
  await deps.mailer.send({
    to,
    subject: `[Credit admin] ${subject}`,
    text,
    html: `<pre>${escapeHtml(text)}</pre>`,
  });
}

export async function notifyOutcome(deps: WorkflowDeps, state: CaseState): Promise<void> {
  const to = deps.directory.emailOf(state.submittedBy);
  if (!to) return;
  const text = [
    `Case ${state.caseId} (${state.applicationId}, ${state.borrowerName}) is ${state.status}.`,
    ...(state.reasons.length > 0 ? [`Reasons: ${state.reasons.join("; ")}`] : []),
    state.status === "RETURNED" ? "Revise the application and resubmit it with PUT /cases/{id}." : "",
  ].join("\n");
  await deps.mailer.send({
    to: [to],
    subject: `[Credit] ${state.applicationId} ${state.status}`,
    text,
    html: `<pre>${escapeHtml(text)}</pre>`,
  });
}
