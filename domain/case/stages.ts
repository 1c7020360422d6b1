import type { Stage } from "../assessment/types";
import type { Policy } from "../policy/policy";
import type { CaseState } from "./types";

/** The first stage of the route that has not approved yet, or null when every stage has. */
export function nextStage(state: CaseState): Stage | null {
  return state.stages.find((s) => s.outcome !== "approve")?.stage ?? null;
}

export function slaSeconds(stage: Stage, policy: Policy): number {
  return Math.round(policy.data.route.slaHours[stage] * 3600);
}

/**
 * Four eyes (docs/policy.md §6): the submitter never approves, and nobody acts at two stages of one case.
 * Returns why `userId` may not act at `stage`, or null when they may.
 */
export function fourEyesViolation(state: CaseState, stage: Stage, userId: string): string | null {
  if (userId === state.submittedBy) return "the submitter of a case may not approve it";
  const other = state.stages.find((s) => s.stage !== stage && s.decidedBy.includes(userId));
  if (other) return `already acted at ${other.stage} on this case`;
  return null;
}
