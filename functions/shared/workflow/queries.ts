import type { CaseState, CaseStatus, RecordedEvent } from "../../../domain";
import type { WorkflowDeps } from "./ports";

export const QUEUE_STATUSES: readonly CaseStatus[] = [
  "SUBMITTED",
  "IN_APPROVAL",
  "STALLED",
  "APPROVED",
  "DECLINED",
  "RETURNED",
  "FAILED",
];

/** Who may read a case: its submitter, anyone who was asked to approve it, and credit administration. */
export function mayRead(deps: WorkflowDeps, state: CaseState, caller: string): boolean {
  if (caller === state.submittedBy) return true;
  if (state.stages.some((s) => s.approvers.includes(caller))) return true;
  return deps.directory.creditAdmins(state.branch).includes(caller);
}

export function caseView(state: CaseState) {
  return {
    caseId: state.caseId,
    applicationId: state.applicationId,
    caseVersion: state.caseVersion,
    status: state.status,
    stalled: state.stalled,
    stage: state.currentStage,
    branch: state.branch,
    submittedBy: state.submittedBy,
    borrowerName: state.borrowerName,
    route: state.route,
    stages: state.stages,
    pendingApprovers: state.pendingApprovals.map((p) => p.approverId),
    assessment: state.assessment,
    reasons: state.reasons,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

export function historyView(events: RecordedEvent[]) {
  return events.map((e) => ({ seq: e.seq, type: e.type, at: e.at, actor: e.actor, payload: e.payload }));
}
