import type { Stage } from "../assessment/types";
import { actsOf, whyExcluded } from "../case/eligibility";
import { slaSeconds } from "../case/stages";
import { type CaseState, OPEN_STATUSES, type StageRecord } from "../case/types";
import { Dec } from "../decimal";
import type { Policy } from "../policy/policy";
import { err, ok, type Result } from "../result";
import type { Delegation } from "./delegation";
import { checkTextField } from "./text-field";

/**
 * Credit administration's hands on an open case (docs/approvals.md): reassign the open stage, extend
 * its SLA once, withdraw the case. Each needs a reason and is recorded as an audit event; each is
 * planned here, from the projection, and the runtime records what the plan says.
 */

export type AdminProblemCode =
  /** The actor is not credit administration of the case's branch: 403. */
  | "NOT_CREDIT_ADMIN"
  /** The case or stage is not in a state the action applies to: 409. */
  | "NOT_APPLICABLE"
  /** The input is wrong (reason, person, approval): 400. */
  | "INVALID";

export interface AdminProblem {
  code: AdminProblemCode;
  field?: "reason" | "to" | "replaces";
  message: string;
}

export interface AdminContext {
  actorId: string;
  /** The directory port's role check. */
  hasRole(userId: string, branch: string, role: Stage | "CREDIT_ADMIN"): boolean;
}

const problem = (code: AdminProblemCode, message: string, field?: AdminProblem["field"]) =>
  err<AdminProblem>({ code, message, ...(field ? { field } : {}) });

/** Only credit administration of the case's own branch acts on it. Null: may. */
export function whyNotCreditAdmin(state: CaseState, ctx: AdminContext): string | null {
  return ctx.hasRole(ctx.actorId, state.branch, "CREDIT_ADMIN")
    ? null
    : `only credit administration of ${state.branch} may act on case ${state.caseId}; ${ctx.actorId} is not`;
}

function reasonOf(raw: string, action: string): Result<string, AdminProblem> {
  const r = checkTextField(raw, "reason", `${action} needs a reason`);
  return r.ok ? r : problem("INVALID", r.error, "reason");
}

/** The open stage and its record, or why there is none to act on. */
function openStage(state: CaseState, action: string): Result<StageRecord, AdminProblem> {
  const record = state.stages.find((s) => s.stage === state.currentStage);
  if (!OPEN_STATUSES.includes(state.status) || record === undefined || record.outcome !== null) {
    return problem(
      "NOT_APPLICABLE",
      `case ${state.caseId} has no open stage to ${action} (it is ${state.status})`,
    );
  }
  return ok(record);
}

/** Checks shared by the three actions: who acts, then the reason. */
function authorised(state: CaseState, ctx: AdminContext, rawReason: string, action: string) {
  const refused = whyNotCreditAdmin(state, ctx);
  if (refused) return problem("NOT_CREDIT_ADMIN", refused);
  return reasonOf(rawReason, action);
}

export interface ReassignmentPlan {
  stage: Stage;
  attempt: number;
  /** The approval superseded, or null when a seat is added to a committee short of its quorum. */
  from: { approvalId: string; approverId: string } | null;
  to: string;
  reason: string;
}

/**
 * Reassign the open stage's approval `replaces` (for a one-person stage, its only pending approval
 * by default) to `to`, who must hold the stage's role at the branch and not be excluded: not the
 * submitter, not acted at another stage, not recused, not already asked here, and not away under a
 * delegation of their own (`awayOf`). A committee that can no longer reach its quorum may instead be
 * given an extra seat (no `replaces`).
 */
export function planReassignment(
  state: CaseState,
  request: { to: string; replaces?: string; reason: string },
  ctx: AdminContext & { policy: Policy; awayOf?: (userId: string) => Delegation | undefined },
): Result<ReassignmentPlan, AdminProblem> {
  const reason = authorised(state, ctx, request.reason, "a reassignment");
  if (!reason.ok) return reason;
  const open = openStage(state, "reassign");
  if (!open.ok) return open;
  const { stage, attempt } = open.value;

  let from: ReassignmentPlan["from"] = null;
  if (request.replaces !== undefined) {
    const p = state.pendingApprovals.find((a) => a.approvalId === request.replaces);
    if (!p)
      return problem("INVALID", `${request.replaces} is not a pending approval of ${stage}`, "replaces");
    from = { approvalId: p.approvalId, approverId: p.approverId };
  } else if (stage !== "COMMITTEE") {
    const only = state.pendingApprovals[0];
    if (state.pendingApprovals.length !== 1 || !only)
      return problem(
        "NOT_APPLICABLE",
        `${stage} has no single pending approval to reassign; name it`,
        "replaces",
      );
    from = { approvalId: only.approvalId, approverId: only.approverId };
  } else {
    const cast = open.value.decidedBy.length;
    const quorum = ctx.policy.data.route.committee.quorum;
    if (cast + state.pendingApprovals.length >= quorum)
      return problem(
        "INVALID",
        "the committee can still reach its quorum: name the member whose seat is reassigned",
        "replaces",
      );
  }

  const to = request.to.trim();
  if (from?.approverId === to) return problem("INVALID", `${to} already holds this approval`, "to");
  if (!ctx.hasRole(to, state.branch, stage))
    return problem("INVALID", `${to} does not hold the ${stage} role at ${state.branch}`, "to");
  const excluded = whyExcluded(to, stage, actsOf(state, from ? { except: from.approvalId } : {}));
  if (excluded) return problem("INVALID", excluded, "to");
  const away = ctx.awayOf?.(to);
  if (away)
    return problem("INVALID", `${to} is away until ${away.to} (delegating to ${away.delegateId})`, "to");
  return ok({ stage, attempt, from, to, reason: reason.value });
}

export interface ExtensionPlan {
  stage: Stage;
  attempt: number;
  bySeconds: number;
  reason: string;
}

/**
 * Extend the open stage's SLA, once per stage of a case version, by the policy's share of the stage's
 * SLA. A STALLED stage has no deadline left to extend (it waits for a decision or an action).
 */
export function planExtension(
  state: CaseState,
  request: { reason: string },
  ctx: AdminContext & { policy: Policy },
): Result<ExtensionPlan, AdminProblem> {
  const reason = authorised(state, ctx, request.reason, "an extension");
  if (!reason.ok) return reason;
  const open = openStage(state, "extend");
  if (!open.ok) return open;
  const { stage, attempt, extendedBySeconds } = open.value;
  if (extendedBySeconds !== undefined)
    return problem(
      "NOT_APPLICABLE",
      `${stage} was already extended once on this case; reassign it or withdraw the case`,
    );
  if (state.stalled)
    return problem(
      "NOT_APPLICABLE",
      `${stage} is STALLED, past both deadlines: there is no deadline left to extend`,
    );
  const share = ctx.policy.data.approvals.slaExtensionShare;
  if (share === undefined)
    return problem(
      "NOT_APPLICABLE",
      `policy ${ctx.policy.id}, under which this case was assessed, grants no extension`,
    );
  const bySeconds = new Dec(slaSeconds(stage, ctx.policy)).times(share).toDecimalPlaces(0).toNumber();
  return ok({ stage, attempt, bySeconds, reason: reason.value });
}

export interface WithdrawalPlan {
  reason: string;
  /** The approvals whose links stop working. */
  supersede: string[];
  /** The application's lock to release, so it may be submitted again. */
  releaseLock: string;
}

/** Withdraw an open case: it ends WITHDRAWN, its pending approvals superseded, its lock released. */
export function planWithdrawal(
  state: CaseState,
  request: { reason: string },
  ctx: AdminContext,
): Result<WithdrawalPlan, AdminProblem> {
  const reason = authorised(state, ctx, request.reason, "a withdrawal");
  if (!reason.ok) return reason;
  if (!OPEN_STATUSES.includes(state.status))
    return problem(
      "NOT_APPLICABLE",
      `case ${state.caseId} is ${state.status}: only an open case is withdrawn`,
    );
  return ok({
    reason: reason.value,
    supersede: state.pendingApprovals.map((p) => p.approvalId),
    releaseLock: state.applicationId,
  });
}
