import type { CaseState, CaseStatus } from "./types";

/**
 * "Nothing lost" as a rule that can be checked: a case in flight always has a running step, or an
 * open stage whose pending approvers were mailed, or a final status. The reconciler asks `diagnose`
 * about every case in flight and repairs what it names.
 */

/** Statuses in which the workflow (not a person outside it) must move the case. RETURNED waits on its RM. */
export const IN_FLIGHT_STATUSES: readonly CaseStatus[] = ["SUBMITTED", "IN_APPROVAL", "STALLED"];

/** The state of the case's current workflow run, as the engine reports it. */
export type RunStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "MISSING";

/** A pending approval of the case as stored: whether its approver's mail went out. */
export interface PendingApprovalFact {
  approvalId: string;
  pending: boolean;
  mailed: boolean;
}

export type Diagnosis =
  | { kind: "HEALTHY"; why: string }
  /** Changed too recently to judge: a step may be running right now. */
  | { kind: "TOO_RECENT" }
  | { kind: "RESEND_MAIL"; approvalIds: string[]; reason: string }
  /** Start a new run from the recorded state, stopping the current one first if it still runs. */
  | { kind: "RESTART"; stopCurrent: boolean; reason: string };

/** The name of the case's current workflow run: unique per case, version and restart. */
export function workflowRunName(state: Pick<CaseState, "caseId" | "caseVersion" | "workflowRun">): string {
  const run = state.workflowRun ?? 0;
  return `${state.caseId}-v${state.caseVersion}${run > 0 ? `-r${run}` : ""}`;
}

export function diagnose(input: {
  state: CaseState;
  run: RunStatus;
  pending: readonly PendingApprovalFact[];
  now: Date;
  /** How long a case may go unchanged before it counts as stuck (recovery settings). */
  stuckAfterSeconds: number;
}): Diagnosis {
  const { state, run, pending } = input;
  if (!IN_FLIGHT_STATUSES.includes(state.status)) return { kind: "HEALTHY", why: `case is ${state.status}` };
  const idleSeconds = (input.now.getTime() - Date.parse(state.updatedAt)) / 1000;
  if (idleSeconds < input.stuckAfterSeconds) return { kind: "TOO_RECENT" };
  if (run !== "RUNNING") {
    return {
      kind: "RESTART",
      stopCurrent: false,
      reason: `the case is ${state.status} but its workflow run is ${run}`,
    };
  }
  const waiting = pending.filter((p) => p.pending);
  if (waiting.length === 0) {
    return {
      kind: "RESTART",
      stopCurrent: true,
      reason: `the case is ${state.status}, nobody is asked to decide, and no step has moved it for ${Math.floor(idleSeconds)} s`,
    };
  }
  const unmailed = waiting.filter((p) => !p.mailed).map((p) => p.approvalId);
  if (unmailed.length > 0) {
    return {
      kind: "RESEND_MAIL",
      approvalIds: unmailed,
      reason: `${unmailed.length} pending approver(s) of ${state.currentStage ?? "the open stage"} were never mailed`,
    };
  }
  return { kind: "HEALTHY", why: "waiting on mailed approvers" };
}
