import type { Stage } from "../assessment/types";
import { type CommitteeVotes, committeeOutcome, countVote, NO_VOTES } from "../case/committee";
import type { Decision, RecordedEvent } from "../case/types";
import type { Policy } from "../policy/policy";
import type { PolicyRegistry } from "../policy/registry";
import {
  type ApprovalTrack,
  checkClosing,
  checkDelegateDecision,
  checkExtension,
  checkReassignment,
  checkWithdrawal,
  newApprovalTrack,
  noteAbstentionOrRecusal,
  noteOpening,
  noteReminder,
} from "./approval-rules";

export type ViolationCode =
  | "NOT_ON_ROUTE"
  | "OUT_OF_ORDER"
  | "NOT_BY_APPROVER"
  | "NOT_ASSIGNED"
  | "ROLE_NOT_HELD"
  | "FOUR_EYES_SUBMITTER"
  | "FOUR_EYES_TWO_STAGES"
  | "DUPLICATE_DECISION"
  | "DECIDED_AFTER_CLOSE"
  | "STAGE_WITHOUT_DECISION"
  | "COMMITTEE_QUORUM"
  | "COMMITTEE_TWO_THIRDS"
  | "COMMITTEE_PREMATURE"
  | "STAGE_SKIPPED"
  | "APPROVED_DESPITE_AUTO_DECLINE"
  | "NOT_OFFERED_TO_PRIMARY"
  // What approvers and credit administration do besides deciding (approval-rules.ts).
  | "DELEGATE_OUT_OF_RANGE"
  | "DELEGATE_FOUR_EYES"
  | "ABSTENTION_COUNTED"
  | "REMINDER_DECIDED"
  | "NOT_CREDIT_ADMIN"
  | "REASSIGNMENT_WITHOUT_REASON"
  | "REASSIGNED_TO_INELIGIBLE"
  | "EXTENSION_WITHOUT_REASON"
  | "SECOND_EXTENSION"
  | "WITHDRAWAL_WITHOUT_REASON";

export interface Violation {
  code: ViolationCode;
  seq: number;
  caseVersion: number;
  stage?: Stage;
  who?: string;
  message: string;
}

export interface RuleContext {
  policies: PolicyRegistry;
  /** Whether `userId` sits at `stage` (as its holder or its backup), or is credit administration, for `branch`. */
  holdsRole(userId: string, branch: string, role: Stage | "CREDIT_ADMIN"): boolean;
}

export interface StageTrack {
  assigned: Set<string>;
  /** Attempts at which the stage was opened (offered): 1 to its primary, 2 to its backup. */
  offered: Set<number>;
  /** NOT_OFFERED_TO_PRIMARY already flagged for this stage. */
  primaryMissed: boolean;
  decisions: { approverId: string; decision: Decision; seq: number }[];
  outcome: Decision | null;
  timedOut: boolean;
}

export interface VersionTrack {
  caseVersion: number;
  submitter: string;
  branch: string;
  route: Stage[];
  policy: Policy | null;
  autoDecline: boolean;
  stages: Map<Stage, StageTrack>;
  approvals: ApprovalTrack;
}

const track = (v: VersionTrack, stage: Stage): StageTrack => {
  let t = v.stages.get(stage);
  if (!t) {
    t = {
      assigned: new Set(),
      offered: new Set(),
      primaryMissed: false,
      decisions: [],
      outcome: null,
      timedOut: false,
    };
    v.stages.set(stage, t);
  }
  return t;
};

function checkDecision(
  v: VersionTrack,
  e: Extract<RecordedEvent, { type: "DECISION_RECORDED" }>,
  ctx: RuleContext,
  flag: (code: ViolationCode, message: string, extra?: Partial<Violation>) => void,
): void {
  const { stage, approverId, decision } = e.payload;
  const who = { stage, who: approverId };
  if (!v.route.includes(stage)) {
    flag(
      "NOT_ON_ROUTE",
      `${approverId} decided at ${stage}, which is not on the route ${v.route.join(" → ") || "(none)"}`,
      who,
    );
  }
  const earlier = v.route
    .slice(0, v.route.indexOf(stage))
    .find((s) => v.stages.get(s)?.outcome !== "approve");
  if (v.route.includes(stage) && earlier) {
    flag("OUT_OF_ORDER", `${approverId} decided at ${stage} before ${earlier} had approved`, who);
  }
  if (e.actor !== approverId) {
    flag("NOT_BY_APPROVER", `a decision for ${approverId} at ${stage} was recorded by ${e.actor}`, who);
  }
  const t = track(v, stage);
  if (t.outcome !== null)
    flag("DECIDED_AFTER_CLOSE", `${approverId} decided at ${stage} after it was closed (${t.outcome})`, who);
  if (!t.assigned.has(approverId)) {
    flag(
      "NOT_ASSIGNED",
      `${approverId} decided at ${stage} without being asked (or after being replaced)`,
      who,
    );
  }
  if (!ctx.holdsRole(approverId, v.branch, stage)) {
    flag("ROLE_NOT_HELD", `${approverId} does not hold the ${stage} role at ${v.branch}`, who);
  }
  if (approverId === v.submitter) {
    flag("FOUR_EYES_SUBMITTER", `${approverId} decided on a case they submitted`, who);
  }
  for (const [other, ot] of v.stages) {
    if (other !== stage && ot.decisions.some((d) => d.approverId === approverId)) {
      flag("FOUR_EYES_TWO_STAGES", `${approverId} decided at both ${other} and ${stage}`, who);
    }
  }
  if (t.decisions.some((d) => d.approverId === approverId)) {
    flag("DUPLICATE_DECISION", `${approverId} decided twice at ${stage}`, who);
  }
  t.decisions.push({ approverId, decision, seq: e.seq });
}

function checkStageOutcome(
  v: VersionTrack,
  e: Extract<RecordedEvent, { type: "STAGE_DECIDED" }>,
  count: CommitteeVotes,
  flag: (code: ViolationCode, message: string, extra?: Partial<Violation>) => void,
): void {
  const { stage, outcome } = e.payload;
  const t = track(v, stage);
  if (e.actor === "system") {
    flag("NOT_BY_APPROVER", `${stage} was closed as ${outcome} by the system, not by a decision`, { stage });
  }
  if (stage === "COMMITTEE") {
    const { approve, votes } = count;
    const rules = v.policy?.data.route.committee;
    if (rules && outcome === "approve") {
      if (votes < rules.quorum) {
        flag(
          "COMMITTEE_QUORUM",
          `the committee approved with ${votes} vote(s); the quorum is ${rules.quorum}`,
          { stage },
        );
      } else if (approve * rules.approveDenominator < rules.approveNumerator * votes) {
        flag(
          "COMMITTEE_TWO_THIRDS",
          `the committee approved with ${approve} of ${votes} votes; ${rules.approveNumerator}/${rules.approveDenominator} are needed`,
          { stage },
        );
      }
    }
    if (v.policy && outcome === "decline") {
      const roster =
        e.payload.tally?.roster ??
        votes + [...t.assigned].filter((a) => !t.decisions.some((d) => d.approverId === a)).length;
      if (committeeOutcome(approve, votes, roster, v.policy) !== "decline") {
        flag(
          "COMMITTEE_PREMATURE",
          `the committee was declined at ${approve} approve of ${votes} votes while ${roster - votes} could still vote`,
          {
            stage,
          },
        );
      }
    }
  } else {
    const last = t.decisions.at(-1);
    if (!last || last.decision !== outcome) {
      const timeout = t.timedOut ? " after a timeout" : "";
      flag(
        "STAGE_WITHOUT_DECISION",
        outcome === "approve"
          ? `${stage} was approved${timeout} without anyone's approve decision: nothing may be approved by a timeout`
          : `${stage} was closed as ${outcome}${timeout} without a matching decision`,
        { stage },
      );
    }
  }
  t.outcome = outcome;
}

/**
 * A stage goes to its backup (reassigned, or opened at a later attempt) only after its primary was
 * offered it: an SLA that ran out on a stage nobody had opened took the decision from the primary.
 */
function checkPrimaryOffered(
  t: StageTrack,
  stage: Stage,
  flag: (code: ViolationCode, message: string, extra?: Partial<Violation>) => void,
): void {
  if (t.offered.has(1) || t.primaryMissed) return;
  t.primaryMissed = true;
  flag(
    "NOT_OFFERED_TO_PRIMARY",
    `${stage} went to its backup without ever being offered to its primary approver`,
    { stage },
  );
}

/**
 * Checks every decision of a case against the rules in force for it: the route and committee rules
 * of the policy version its assessment recorded, the four-eyes rule, who was asked, and who holds
 * which role. Returns every violation, in trail order; an empty list means the case is clean.
 */
export function checkDecisions(events: readonly RecordedEvent[], ctx: RuleContext): Violation[] {
  const violations: Violation[] = [];
  let v: VersionTrack | null = null;
  let count = NO_VOTES;
  for (const e of events) {
    count = countVote(count, e);
    const flag = (code: ViolationCode, message: string, extra: Partial<Violation> = {}) =>
      violations.push({ code, seq: e.seq, caseVersion: v?.caseVersion ?? 0, message, ...extra });
    switch (e.type) {
      case "CASE_SUBMITTED":
        v = {
          caseVersion: e.payload.caseVersion,
          submitter: e.payload.application?.submittedBy ?? e.actor,
          branch: e.payload.application?.branch ?? "",
          route: [],
          policy: null,
          autoDecline: false,
          stages: new Map(),
          approvals: newApprovalTrack(),
        };
        break;
      case "CASE_ASSESSED":
        if (!v) break;
        v.route = e.payload.assessment?.route ?? [];
        // A cap the book check found breached, or a circle across the book, routes to head office (domain/case/fold.ts does the same).
        if (
          ((e.payload.portfolio?.breaches?.length ?? 0) > 0 || e.payload.circle !== undefined) &&
          !v.route.includes("HEAD_OFFICE")
        )
          v.route = [...v.route, "HEAD_OFFICE"];
        v.autoDecline = (e.payload.assessment?.autoDecline ?? null) !== null;
        v.policy = ctx.policies.has(e.payload.assessment?.policyVersion)
          ? ctx.policies.get(e.payload.assessment.policyVersion)
          : null;
        break;
      case "STAGE_OPENED":
        if (v) {
          const t = track(v, e.payload.stage);
          t.assigned = new Set(e.payload.approvals.map((a) => a.approverId));
          if (e.payload.attempt > 1) checkPrimaryOffered(t, e.payload.stage, flag);
          t.offered.add(e.payload.attempt);
          noteOpening(v, e);
        }
        break;
      case "STAGE_REASSIGNED":
        if (v) {
          const t = track(v, e.payload.stage);
          checkPrimaryOffered(t, e.payload.stage, flag);
          Object.assign(t, { assigned: new Set<string>(), timedOut: true });
        }
        break;
      case "CASE_STALLED":
        if (v) track(v, e.payload.stage).timedOut = true;
        break;
      case "DECISION_RECORDED":
        if (v) {
          checkDecision(v, e, ctx, flag);
          checkDelegateDecision(v, e, flag);
        } else
          flag("NOT_ON_ROUTE", `a decision at ${e.payload.stage} before any submission`, {
            stage: e.payload.stage,
          });
        break;
      case "STAGE_DECIDED":
        if (v) {
          checkClosing(v, track(v, e.payload.stage), e, flag);
          checkStageOutcome(v, e, count, flag);
        }
        break;
      case "CASE_FINALIZED":
        if (v && e.payload.status === "APPROVED") {
          const current = v;
          for (const stage of current.route) {
            if (current.stages.get(stage)?.outcome !== "approve") {
              flag("STAGE_SKIPPED", `the case was approved without ${stage}, which its route required`, {
                stage,
              });
            }
          }
          if (current.autoDecline)
            flag(
              "APPROVED_DESPITE_AUTO_DECLINE",
              "the case was approved although its assessment declined it",
            );
        }
        break;
      case "ABSTENTION_RECORDED":
      case "RECUSAL_RECORDED":
        if (v) noteAbstentionOrRecusal(v, track(v, e.payload.stage), e, flag);
        break;
      case "REMINDER_SENT":
        if (v) noteReminder(v, track(v, e.payload.stage), e);
        break;
      case "APPROVAL_REASSIGNED":
        if (v) checkReassignment(v, track(v, e.payload.stage), e, ctx, flag);
        break;
      case "SLA_EXTENDED":
        if (v) checkExtension(v, e, ctx, flag);
        break;
      case "CASE_WITHDRAWN":
        if (v) checkWithdrawal(v, e, ctx, flag);
        break;
      case "PORTFOLIO_COMMIT_REFUSED":
        // Head office decides again: its stage starts afresh on the route.
        if (v) {
          if (!v.route.includes("HEAD_OFFICE")) v.route = [...v.route, "HEAD_OFFICE"];
          v.stages.delete("HEAD_OFFICE");
        }
        break;
      case "TASK_REBOUND":
      case "WORKFLOW_FAILED":
      case "CASE_RECOVERED":
      case "DOCUMENT_ATTACHED":
      case "EXPOSURE_COMMITTED":
      case "RESERVATION_RELEASED":
        break;
    }
  }
  return violations;
}
