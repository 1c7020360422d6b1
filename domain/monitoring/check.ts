import { canonicalJson } from "../canonical-json";
import { DomainError } from "../errors";
import type { Policy } from "../policy/policy";
import type { PolicyRegistry } from "../policy/registry";
import { creditFloor, decisionProblems, dueClassificationEvents, proposalProblem } from "./classification";
import { after, afterDays } from "./clock";
import { type RecordedCreditEvent, SYSTEM_ACTOR } from "./credit-events";
import type { CreditState } from "./credit-state";
import { evaluateSnapshot } from "./evaluate";
import {
  closeExitPlanProblem,
  exitPlanProblems,
  limitChangeProblem,
  milestoneProblem,
  reductionProblem,
} from "./exit-plan";
import { applyCreditEvent } from "./fold";
import { monitoringOf } from "./policy";
import { tierRank } from "./types";
import { clearingProblem, dueWarningEvents, evaluationContext, responseProblem } from "./warning-rules";

export type CreditViolationCode =
  | "EVENT_ORDER"
  | "NOT_BY_A_PERSON"
  | "WARNING_NOT_REPRODUCED"
  | "RAISE_WITHOUT_SNAPSHOT"
  | "RAISE_NOT_ABOVE"
  | "DEADLINE_MISMATCH"
  | "CLEARING_INVALID"
  | "RESPONSE_INVALID"
  | "RESPONSE_LATE"
  | "ESCALATION_MISSING"
  | "PROPOSAL_INVALID"
  | "FLOOR_MISMATCH"
  | "NO_PROPOSAL"
  | "FOUR_EYES"
  | "HEAD_OFFICE_REQUIRED"
  | "DECISION_NOT_PROPOSED"
  | "CLASSIFICATION_LATE"
  | "CLASSIFICATION_AFTER_LIMIT"
  | "EXIT_PLAN_INVALID"
  | "LIMIT_RAISED_IN_EXIT";

export interface CreditViolation {
  code: CreditViolationCode;
  seq: number;
  message: string;
}

/** Events only a person records: the workflow never decides these by itself. */
const PERSONS_ONLY = new Set<RecordedCreditEvent["type"]>([
  "WARNING_CLEARED",
  "WARNING_RESPONDED",
  "CLASSIFICATION_PROPOSED",
  "CLASSIFICATION_DECIDED",
  "EXIT_PLAN_OPENED",
  "EXIT_MILESTONE_MET",
  "EXIT_REDUCTION_RECORDED",
  "LIMIT_CHANGED",
  "EXIT_PLAN_CLOSED",
]);

type Flag = (code: CreditViolationCode, message: string) => void;

function checkRaise(
  s: CreditState,
  e: Extract<RecordedCreditEvent, { type: "WARNING_RAISED" }>,
  prev: RecordedCreditEvent | undefined,
  policy: Policy,
  flag: Flag,
) {
  const p = e.payload;
  if (
    prev?.type !== "SNAPSHOT_RECORDED" ||
    prev.payload.snapshot.snapshotId !== p.snapshotId ||
    prev.payload.warning.tier !== p.to
  )
    flag(
      "RAISE_WITHOUT_SNAPSHOT",
      `raised to ${p.to} without the snapshot ${p.snapshotId} that gives it just before`,
    );
  if (tierRank(p.to) <= tierRank(s.tier))
    flag("RAISE_NOT_ABOVE", `raised to ${p.to} while already ${s.tier}: a tier is only raised by a snapshot`);
  const days = monitoringOf(policy).tiers[p.to].responseDays;
  const due = afterDays(e.at, days, s.secondsPerDay);
  if (p.responseDays !== days || p.dueAt !== due)
    flag(
      "DEADLINE_MISMATCH",
      `${p.to} response due ${p.dueAt} (${p.responseDays} days); the policy gives ${due} (${days} days)`,
    );
}

function checkDecision(
  s: CreditState,
  e: Extract<RecordedCreditEvent, { type: "CLASSIFICATION_DECIDED" }>,
  policy: Policy,
  flag: Flag,
) {
  for (const p of decisionProblems(s, e.actor, e.payload.headOfficeApprovedBy, policy))
    flag(p.code, p.message);
  if (
    s.proposal &&
    (s.proposal.category !== e.payload.category || s.proposal.proposedBy !== e.payload.proposedBy)
  )
    flag(
      "DECISION_NOT_PROPOSED",
      `decided ${e.payload.category} (proposed by ${e.payload.proposedBy}); the proposal was ${s.proposal.category} by ${s.proposal.proposedBy}`,
    );
  const w = s.classificationWindow;
  if (w === null) return;
  const c = monitoringOf(policy).classification;
  const limitAt = afterDays(w.openedAt, c.hardLimitDays, s.secondsPerDay);
  const dueAt = afterDays(w.openedAt, c.decisionDays, s.secondsPerDay);
  if (after(e.at, limitAt))
    flag(
      "CLASSIFICATION_AFTER_LIMIT",
      `classified at ${e.at}, after the limit ${limitAt} (${c.hardLimitDays} days on the warning list)`,
    );
  else if (after(e.at, dueAt) && w.escalatedAt === null)
    flag(
      "CLASSIFICATION_LATE",
      `classified at ${e.at}, after ${dueAt} (${c.decisionDays} days) with no escalation to head office recorded`,
    );
}

/** The rules an event must meet against the credit's state before it. */
function checkEvent(
  s: CreditState,
  e: RecordedCreditEvent,
  prev: RecordedCreditEvent | undefined,
  policies: PolicyRegistry,
  policy: Policy,
  flag: Flag,
) {
  if (PERSONS_ONLY.has(e.type) && e.actor === SYSTEM_ACTOR)
    flag("NOT_BY_A_PERSON", `${e.type} is a person's decision, recorded by the workflow`);
  switch (e.type) {
    case "SNAPSHOT_RECORDED": {
      const { snapshot, warning } = e.payload;
      // Compared canonically: a store (DynamoDB maps) gives the recorded warning's keys back in any order.
      const again = policies.has(warning.policyVersion)
        ? canonicalJson(evaluateSnapshot(snapshot, policies.get(warning.policyVersion), evaluationContext(s)))
        : null;
      if (again !== canonicalJson(warning))
        flag(
          "WARNING_NOT_REPRODUCED",
          `snapshot ${snapshot.snapshotId} does not give the recorded warning under ${warning.policyVersion}`,
        );
      return;
    }
    case "WARNING_RAISED":
      return checkRaise(s, e, prev, policy, flag);
    case "WARNING_CLEARED": {
      const problem = clearingProblem(s, e.payload.to, e.payload.reason);
      if (problem) flag("CLEARING_INVALID", problem);
      return;
    }
    case "WARNING_RESPONDED": {
      const problem = responseProblem(s, e.payload.tier, e.payload.actions, policy);
      if (problem) flag("RESPONSE_INVALID", problem);
      const due = s.warning?.responseDueAt;
      if (due && after(e.at, due)) flag("RESPONSE_LATE", `${e.payload.tier} response at ${e.at}, due ${due}`);
      return;
    }
    case "CLASSIFICATION_PROPOSED": {
      const problem = proposalProblem(s, e.payload.reason);
      if (problem) flag("PROPOSAL_INVALID", problem);
      const floor = creditFloor(s, policy);
      if (e.payload.floor !== floor)
        flag(
          "FLOOR_MISMATCH",
          `proposal records the floor ${e.payload.floor}; the credit's floor is ${floor}`,
        );
      return;
    }
    case "CLASSIFICATION_DECIDED":
      return checkDecision(s, e, policy, flag);
    case "EXIT_PLAN_OPENED":
      for (const problem of exitPlanProblems(s, e.payload.milestones, policy))
        flag("EXIT_PLAN_INVALID", problem);
      return;
    case "EXIT_MILESTONE_MET":
    case "EXIT_REDUCTION_RECORDED":
    case "EXIT_PLAN_CLOSED": {
      const problem =
        e.type === "EXIT_MILESTONE_MET"
          ? milestoneProblem(s, e.payload.milestoneId)
          : e.type === "EXIT_REDUCTION_RECORDED"
            ? reductionProblem(s, e.payload.amount)
            : closeExitPlanProblem(s, e.payload.reason);
      if (problem) flag("EXIT_PLAN_INVALID", problem);
      return;
    }
    case "LIMIT_CHANGED": {
      const problem = limitChangeProblem(s, e.payload.to);
      if (problem) flag("LIMIT_RAISED_IN_EXIT", problem);
      return;
    }
    default:
      return;
  }
}

/**
 * Every rule a credit's trail breaks: each event checked against the state before it, with the same
 * decision functions the workflow uses (four eyes, head office below the floor, deadlines, tiers that
 * only a person lowers, the exit plan's limit), and each snapshot's warning re-evaluated under the
 * version it recorded. With `now`, also what the workflow owes by then and has not recorded (a missed
 * response's escalation, the classification's escalation and alarm).
 */
export function checkCreditTrail(
  creditId: string,
  events: readonly RecordedCreditEvent[],
  policies: PolicyRegistry,
  now?: string,
): CreditViolation[] {
  const violations: CreditViolation[] = [];
  let state: CreditState | undefined;
  let prev: RecordedCreditEvent | undefined;
  for (const e of events) {
    const flag: Flag = (code, message) => violations.push({ code, seq: e.seq, message });
    if (state) checkEvent(state, e, prev, policies, policies.get(state.policyVersion), flag);
    try {
      state = applyCreditEvent(state, creditId, e);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      flag("EVENT_ORDER", error.message);
    }
    prev = e;
  }
  if (state && now !== undefined) {
    const policy = policies.get(state.policyVersion);
    const owed = [...dueWarningEvents(state, now, policy), ...dueClassificationEvents(state, now, policy)];
    for (const e of owed.filter((x) => x.type !== "WARNING_REMINDED" && x.type !== "CLASSIFICATION_REMINDED"))
      violations.push({
        code: "ESCALATION_MISSING",
        seq: state.eventCount,
        message: `${e.type} is owed by ${now} and not recorded`,
      });
  }
  return violations;
}
