import { Dec } from "../decimal";
import type { Policy } from "../policy/policy";
import type { ExitReason, Milestone } from "./credit-events";
import type { CreditState } from "./credit-state";
import { monitoringOf } from "./policy";
import { categoryRank } from "./types";

const isOpen = (state: CreditState) => state.exitPlan !== null && state.exitPlan.closedAt === null;

/**
 * Why the credit must enter an exit plan (on red, or classified substandard or worse), or null when it
 * need not or already has an open plan.
 */
export function exitPlanReason(state: CreditState, policy: Policy): ExitReason | null {
  if (isOpen(state)) return null;
  const rule = monitoringOf(policy).exitPlan;
  if (state.tier !== null && rule.tiers.includes(state.tier)) return "RED_TIER";
  if (categoryRank(state.classification.category) >= categoryRank(rule.categoriesFrom))
    return "SUBSTANDARD_OR_WORSE";
  return null;
}

/** Why this plan may not be opened, or null: a reason to exit, milestones each with an owner, ids unique. */
export function exitPlanProblems(
  state: CreditState,
  milestones: readonly Milestone[],
  policy: Policy,
): string[] {
  if (isOpen(state)) return ["the credit already has an open exit plan"];
  const problems: string[] = [];
  if (exitPlanReason(state, policy) === null)
    problems.push("the credit is neither red nor classified substandard or worse: no exit plan is due");
  if (milestones.length === 0) problems.push("an exit plan needs at least one milestone");
  const ids = new Set<string>();
  for (const m of milestones) {
    if (ids.has(m.id)) problems.push(`milestone id ${m.id} is used twice`);
    ids.add(m.id);
    if (m.owner.trim() === "") problems.push(`milestone ${m.id} needs an owner`);
    if (m.description.trim() === "") problems.push(`milestone ${m.id} needs a description`);
  }
  return problems;
}

/** Why this reduction may not be recorded, or null: an open plan, more than zero, at most the limit. */
export function reductionProblem(state: CreditState, amount: string): string | null {
  if (!isOpen(state)) return "reductions are recorded against an open exit plan";
  const a = new Dec(amount);
  if (!a.gt(0)) return "a reduction is more than zero";
  if (a.gt(state.limit)) return `a reduction of ${amount} is more than the limit ${state.limit}`;
  return null;
}

/** Why the limit may not become `to`, or null: while an exit plan is open, the limit only goes down. */
export function limitChangeProblem(state: CreditState, to: string): string | null {
  if (new Dec(to).lt(0)) return "a limit is not negative";
  if (isOpen(state) && new Dec(to).gt(state.limit))
    return `the credit is in an exit plan: its limit may only go down (now ${state.limit}, asked ${to})`;
  return null;
}

/** Why the milestone may not be marked met, or null. */
export function milestoneProblem(state: CreditState, milestoneId: string): string | null {
  if (!isOpen(state)) return "milestones are met on an open exit plan";
  const m = state.exitPlan?.milestones.find((x) => x.id === milestoneId);
  if (!m) return `the exit plan has no milestone ${milestoneId}`;
  return m.metAt === null ? null : `milestone ${milestoneId} was met at ${m.metAt}`;
}

export function exitPlanOpen(state: CreditState): boolean {
  return isOpen(state);
}

/** Why the plan may not be closed, or null: an open plan, and a person's reason. */
export function closeExitPlanProblem(state: CreditState, reason: string): string | null {
  if (!isOpen(state)) return "there is no open exit plan to close";
  return reason.trim() === "" ? "closing an exit plan needs a reason" : null;
}
