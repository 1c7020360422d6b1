import { type Assessment, type CaseState, showUnsafeCharacters } from "../../../domain";
import { approvalMailHtml, preformattedMailHtml } from "../../shared/html/mail";
import { readableAmounts } from "../../shared/html/money";
import { approvalUrl, signLink } from "../links";
import type { Deps, NewApproval } from "../ports";
import type { DecisionComment } from "./comments";

/** Approval mails carry a signed link to the approval page and are marked as sent on their approval. */
export type ApprovalMailDeps = Deps<"directory" | "mailer" | "links" | "site" | "mailMarks">;
/** Credit administration's mails link to the case. */
export type AdminMailDeps = Deps<"directory" | "mailer" | "site">;

const STAGE_NAMES: Record<string, string> = {
  MANAGER: "Manager review",
  BRANCH_CREDIT: "Branch credit review",
  COMMITTEE: "Credit committee vote",
  HEAD_OFFICE: "Head-office exception approval",
};

export function stageName(stage: string): string {
  return STAGE_NAMES[stage] ?? stage;
}

export function linkFor(deps: Pick<ApprovalMailDeps, "links" | "site">, a: NewApproval): string {
  const expiresAt = Math.floor(new Date(a.expiresAt).getTime() / 1000);
  const sig = signLink(
    { approvalId: a.approvalId, approverId: a.approverId, stage: a.stage, expiresAt },
    deps.links.signingKey(),
  );
  return approvalUrl(deps.site.publicBaseUrl, a.approvalId, a.approverId, a.stage, expiresAt, sig);
}

/**
 * A recorded value as it may appear inside one line of a mail: a CR or LF in a borrower name would
 * otherwise start a line of its own (a forged "Review and decide:" link above the real one).
 */
function inLine(value: unknown): string {
  return showUnsafeCharacters(String(value), "line");
}

/** "CODE — message" per finding, or the codes alone when only the projection is at hand. */
function findingLines(
  title: string,
  codes: string[],
  findings?: { code: string; message: string }[],
): string[] {
  if (codes.length === 0) return [`${title}: none`];
  if (!findings) return [`${title}: ${codes.map(inLine).join(", ")}`];
  return [
    `${title}:`,
    ...findings.map((f) => `  · ${inLine(f.code)} — ${readableAmounts(inLine(f.message))}`),
  ];
}

/**
 * The case as an approver judges it. With the recorded assessment, exceptions and conditions carry
 * their messages; a policy without conditions shows no conditions line.
 */
function summaryLines(state: CaseState, recorded?: Assessment): string[] {
  const a = state.assessment;
  if (!a) return [];
  return [
    `Case ${inLine(state.caseId)}, version ${state.caseVersion}`,
    `Borrower: ${inLine(state.borrowerName)} (${inLine(state.applicationId)}, branch ${inLine(state.branch)})`,
    `Requested: ${a.requestedTotal} CNY · max limit ${a.maxLimit} · secured ${a.securedValue}`,
    `Client grade ${a.clientGrade} · rating ${a.rating} (score ${a.score}) · PD ${a.pdBand}`,
    ...findingLines("Exceptions", a.exceptions, recorded?.exceptions),
    ...(a.conditions ? findingLines("Conditions of approval", a.conditions, recorded?.conditions) : []),
  ];
}

/**
 * One mail per approver: their own signed link (phone-friendly), the summary, the deadline. Each sent
 * mail is marked on its approval; a crash between the two sends that one mail again (at least once).
 */
export async function sendApprovalMails(
  deps: ApprovalMailDeps,
  state: CaseState,
  approvals: NewApproval[],
  recorded?: Assessment,
): Promise<string[]> {
  const mailed: string[] = [];
  for (const a of approvals) {
    const to = deps.directory.emailOf(a.approverId);
    if (!to) continue;
    const url = linkFor(deps, a);
    const lines = summaryLines(state, recorded);
    const title = `${stageName(a.stage)}: ${inLine(state.borrowerName)} — ${state.assessment?.requestedTotal ?? ""} CNY`;
    await deps.mailer.send({
      to: [to],
      subject: `[Credit] ${title}`,
      text: [
        `Dear ${inLine(deps.directory.nameOf(a.approverId))},`,
        "",
        ...lines,
        "",
        `Review and decide: ${url}`,
        `Link valid until ${a.expiresAt}.`,
      ].join("\n"),
      html: approvalMailHtml({
        name: deps.directory.nameOf(a.approverId),
        lines,
        url,
        expiresAt: a.expiresAt,
      }),
    });
    await deps.mailMarks.markMailed(a.approvalId, deps.now().toISOString());
    deps.telemetry.info("approval mail sent", { caseId: a.caseId, approvalId: a.approvalId, stage: a.stage });
    mailed.push(a.approvalId);
  }
  return mailed;
}

/** The mails of these approvals that never went out (still pending, never marked as mailed). */
export async function sendUnmailed(
  deps: ApprovalMailDeps & Deps<"approvals">,
  state: CaseState,
  approvalIds: readonly string[],
  recorded?: Assessment,
): Promise<string[]> {
  const records = await Promise.all(approvalIds.map((id) => deps.approvals.get(id)));
  const unmailed = records.filter(
    (a): a is NonNullable<typeof a> => a?.status === "PENDING" && a.mailedAt === undefined,
  );
  return sendApprovalMails(deps, state, unmailed, recorded);
}

export async function notifyCreditAdmin(
  deps: AdminMailDeps,
  state: CaseState,
  subject: string,
): Promise<void> {
  const to = deps.directory
    .creditAdmins(state.branch)
    .map((id) => deps.directory.emailOf(id))
    .filter((x): x is string => x !== undefined);
  if (to.length === 0) return;
  const headline = inLine(subject);
  const text = [
    headline,
    "",
    ...summaryLines(state),
    "",
    `Case: ${deps.site.publicBaseUrl}/cases/${encodeURIComponent(state.caseId)}`,
  ].join("\n");
  await deps.mailer.send({
    to,
    subject: `[Credit admin] ${headline}`,
    text,
    html: preformattedMailHtml(text),
  });
}

/** The submitter learns the outcome; an approval comes with the conditions it carries. */
export async function notifyOutcome(
  deps: Deps<"directory" | "mailer">,
  state: CaseState,
  recorded?: Assessment,
  comments: readonly DecisionComment[] = [],
): Promise<void> {
  const to = deps.directory.emailOf(state.submittedBy);
  const said = comments.filter((c) => c.comment.trim() !== "" && c.decision !== "approve");
  if (!to) return;
  const conditions = state.assessment?.conditions;
  const text = [
    `Case ${inLine(state.caseId)} (${inLine(state.applicationId)}, ${inLine(state.borrowerName)}) is ${state.status}.`,
    ...(state.reasons.length > 0 ? [`Reasons: ${state.reasons.map(inLine).join("; ")}`] : []),
    ...(state.status === "APPROVED" && conditions
      ? findingLines("Conditions of approval", conditions, recorded?.conditions)
      : []),
    ...(said.length > 0
      ? [
          "",
          "Comments:",
          ...said.map(
            (c) =>
              `- ${inLine(deps.directory.nameOf(c.approverId))} (${stageName(c.stage)}): ${inLine(c.comment)}`,
          ),
        ]
      : []),
    state.status === "RETURNED"
      ? "Revise the application and resubmit it: open the case and choose Edit and resubmit (or PUT /cases/{id})."
      : "",
  ].join("\n");
  await deps.mailer.send({
    to: [to],
    subject: `[Credit] ${inLine(state.applicationId)} ${state.status}`,
    text,
    html: preformattedMailHtml(text),
  });
}
