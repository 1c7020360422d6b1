import type { Policy } from "../policy/policy";
import { after, afterDays, reached, reminderPoints } from "./clock";
import type { CreditEvent } from "./credit-events";
import type { CreditState } from "./credit-state";
import { classificationFloor } from "./floor";
import { monitoringOf } from "./policy";
import { type Category, categoryRank } from "./types";

/** The floor for the credit now: its latest days past due and its warning tier (which only a person lowers). */
export function creditFloor(state: CreditState, policy: Policy): Category {
  return classificationFloor(state.lastSnapshot?.daysPastDue ?? 0, state.tier, monitoringOf(policy));
}

/** Why `proposer` may not propose now, or null. A pending proposal is decided (or withdrawn) first. */
export function proposalProblem(state: CreditState, reason: string): string | null {
  if (state.proposal !== null)
    return `a proposal of ${state.proposal.category} by ${state.proposal.proposedBy} awaits its decision`;
  if (reason.trim() === "") return "a classification proposal needs a reason";
  return null;
}

export type DecisionProblem =
  | { code: "NO_PROPOSAL"; message: string }
  | { code: "FOUR_EYES"; message: string }
  | { code: "HEAD_OFFICE_REQUIRED"; message: string };

/**
 * Why `approver` may not decide the pending proposal, every reason at once: someone other than its
 * proposer decides (four eyes); a category better than the floor needs head office's approval, by
 * someone other than the proposer. The decision is the proposal's category (the approver approves it).
 */
export function decisionProblems(
  state: CreditState,
  approver: string,
  headOfficeApprovedBy: string | null,
  policy: Policy,
): DecisionProblem[] {
  const p = state.proposal;
  if (p === null) return [{ code: "NO_PROPOSAL", message: "there is no classification proposal to decide" }];
  const problems: DecisionProblem[] = [];
  if (approver === p.proposedBy)
    problems.push({
      code: "FOUR_EYES",
      message: `${approver} proposed ${p.category} and may not also decide it`,
    });
  const floor = creditFloor(state, policy);
  if (
    categoryRank(p.category) < categoryRank(floor) &&
    (headOfficeApprovedBy === null || headOfficeApprovedBy === p.proposedBy)
  )
    problems.push({
      code: "HEAD_OFFICE_REQUIRED",
      message: `${p.category} is better than the floor ${floor}: head office approves it (not the proposer)`,
    });
  return problems;
}

/** The classification window's points: reminders before the decision days, escalation at them, the hard limit. */
export function classificationClock(state: CreditState, policy: Policy) {
  const w = state.classificationWindow;
  if (w === null) return null;
  const m = monitoringOf(policy);
  const c = m.classification;
  return {
    openedAt: w.openedAt,
    reminders: reminderPoints(w.openedAt, c.decisionDays, m.reminders.shares, state.secondsPerDay),
    escalateAt: afterDays(w.openedAt, c.decisionDays, state.secondsPerDay),
    limitAt: afterDays(w.openedAt, c.hardLimitDays, state.secondsPerDay),
  };
}

/**
 * What the workflow owes the classification window by `now` and has not recorded: reminders before
 * the decision days, the escalation to head office once they have passed, the alarm past the hard limit.
 */
export function dueClassificationEvents(state: CreditState, now: string, policy: Policy): CreditEvent[] {
  const clock = classificationClock(state, policy);
  const w = state.classificationWindow;
  if (clock === null || w === null) return [];
  const events: CreditEvent[] = clock.reminders
    .filter((r) => reached(now, r.at) && !after(now, clock.escalateAt) && !w.remindedShares.includes(r.share))
    .map((r) => ({ type: "CLASSIFICATION_REMINDED", payload: { share: r.share, dueAt: clock.escalateAt } }));
  if (after(now, clock.escalateAt) && w.escalatedAt === null)
    events.push({ type: "CLASSIFICATION_ESCALATED", payload: { dueAt: clock.escalateAt } });
  if (after(now, clock.limitAt) && w.alarmedAt === null)
    events.push({ type: "CLASSIFICATION_ALARMED", payload: { limitAt: clock.limitAt } });
  return events;
}
